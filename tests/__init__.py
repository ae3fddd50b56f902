import pytest

# The shared checks assert outside test modules; rewrite them so a failure shows its values.
pytest.register_assert_rewrite("tests.builders", "tests.bad_input")
