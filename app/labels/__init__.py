"""Label registry and evidence-backed claims (certifications) with a verifier workflow.

A claim targets an organisation (org-level, e.g. ISO 14001, FSC chain of custody) or one of its
listings. Only a *verified* claim whose `valid_until` is today or later counts as certified
(`Claim.is_certified`); everything that shows a badge or builds a search document asks that.
"""
