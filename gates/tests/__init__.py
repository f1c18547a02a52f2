"""Tests for the gate runner; run with /usr/bin/python3 -m pytest gates/tests."""
