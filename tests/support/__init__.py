"""Helpers shared by test modules: functions, classes and constants. Test modules never import each
other or a conftest.py; shared fixtures live in the conftest.py of the narrowest folder that covers
every test using them, where pytest finds them by name."""
