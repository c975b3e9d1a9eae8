"""The ground of the house: what every stage may import (DESIGN.md, "Where things live"); imports nothing of ours."""
