"""The screens before login: the login page, the page for a folder without a store, the first-run wizard."""
