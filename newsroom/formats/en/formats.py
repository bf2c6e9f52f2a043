# Every date and time shown with a time names its zone (Django's English
# formats otherwise); the rest are Django's own.
DATETIME_FORMAT = "N j, Y, P T"
SHORT_DATETIME_FORMAT = "m/d/Y P T"
