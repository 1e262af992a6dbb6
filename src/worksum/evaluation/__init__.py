"""Scoring worksum against gold annotations."""
