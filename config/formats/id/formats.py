# Indonesian style: "Kamis, 30 Mei 2024", "30 Mei 2024 14.30", 1.234.567,5
DATE_FORMAT = "l, j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "l, j F Y H.i"
SHORT_DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
