"""The demo store: made-up data (Faker zh_CN) for every role and status, apart from the use cases it calls."""
