"""Printing the registration form (情况登记表) and saving it as a PDF, laid out like the official paper form."""
