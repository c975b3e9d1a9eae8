"""The measured evaluations behind ``tenders eval …`` and their labelled data.

- ``evals.parse``: the parser, per field, on the labelled real notices (``evals.corpus``: ``evals/fixtures/parse``,
  pages in ``../shared/realdata``) and on the ccgp mirror; ``evals.silver``: its two silver checks;
- ``evals.classify``: the classifier on the gold set's test split (or by cross-validation);
- ``evals.link``: project linking on the mirrors, whose data files know each project.

Only the command line imports this package; the product does not.
"""
