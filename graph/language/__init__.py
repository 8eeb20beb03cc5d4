"""Reading Norwegian guideline text: the strength of a sentence's wording and the split of a
text into normative statements."""
