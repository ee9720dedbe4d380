"""What is kept and how (the privacy page), and the goodbye page after an account is deleted."""
