"""Code shared by the tests and the scripts (which never import each other): building a
site into temporary folders, and the evaluation corpus with its scoring."""
