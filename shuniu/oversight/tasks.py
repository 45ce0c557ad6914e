from shuniu.oversight import inbox  # noqa: F401
