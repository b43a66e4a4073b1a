"""The e-mail outbox sender: smtp.py, the one module that speaks SMTP."""
