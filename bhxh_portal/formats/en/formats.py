# Dates as "31 Dec 2026", months as 12/2026, money as 12,500,000 (ux.md).
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "H:i, j M Y"
SHORT_DATETIME_FORMAT = "H:i, j M Y"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "j M"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
