"""E-mail: the server's settings, the message that carries a handout, sending it (sender.py),
and the journal of what went where."""
