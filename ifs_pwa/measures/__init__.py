"""Measures: validated questionnaires (PHQ-9, GAD-7, WHO-5), scored exactly, never diagnosing."""
