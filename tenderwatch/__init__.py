"""tenderwatch: Chinese government procurement monitor for the smart-city / government-ICT market."""

__version__ = "0.1.0"
