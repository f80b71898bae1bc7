"""Located problems and how they are printed."""



from followup.errors import DataErrors, Problem, format_github, format_text


def test_text_format_is_path_line_column_severity_message():
    assert format_text(Problem("data/r.yaml", 3, 5, "unknown key 'titel'")) == ("data/r.yaml:3:5: fel: unknown key 'titel'")


def test_text_format_appends_hint_as_sentence():
    problem = Problem("data/r.yaml", 3, 5, "unknown key 'titel'", hint="did you mean 'title'?")
    assert format_text(problem) == "data/r.yaml:3:5: fel: unknown key 'titel'. did you mean 'title'?"


def test_text_format_does_not_double_the_period_before_a_hint():
    problem = Problem("a.yaml", 1, 1, "Sum differs.", "warning", "Check row 3.")
    assert format_text(problem) == "a.yaml:1:1: varning: Sum differs. Check row 3."


def test_github_format_is_a_workflow_command():
    assert format_github(Problem("data/r.yaml", 3, 5, "bad")) == "::error file=data/r.yaml,line=3,col=5::bad"


def test_github_format_uses_warning_command_for_warnings():
    assert format_github(Problem("a.yaml", 1, 2, "odd", "warning")).startswith("::warning file=a.yaml,")


def test_github_format_escapes_newlines_and_percent():
    assert format_github(Problem("a.yaml", 1, 1, "50%\nmore")).endswith("::50%25%0Amore")


def test_data_errors_message_is_one_line_per_problem():
    errors = DataErrors([Problem("b.yaml", 1, 1, "second"), Problem("a.yaml", 1, 1, "first")])
    assert str(errors) == "a.yaml:1:1: fel: first\nb.yaml:1:1: fel: second"
