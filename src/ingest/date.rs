//! Dates as news archives write them: ISO dates and datetimes, and Jalali (Persian
//! calendar) dates in Persian, Arabic-Indic or ASCII digits (۱۴۰۲/۰۵/۱۲, 1402-05-12),
//! normalized to a point in time (seconds since 1970, UTC) for filtering and sorting.

/// Years below this are taken as Jalali (the Persian calendar is ~621 years behind).
const FIRST_GREGORIAN_YEAR: i64 = 1600;

/// Years beyond this are no date a news archive writes, and would overflow the
/// seconds arithmetic.
const LAST_YEAR: i64 = 9999;

/// A day, for dates without a time and for date ranges that include their last day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// `text` trimmed, with Persian and Arabic-Indic digits as ASCII.
fn ascii_digits(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// The span of time `text` names, as seconds since 1970, start included, end excluded: a
/// moment (a date with a time of day), a day, a month (`2020-03`, `۱۳۹۸/۱۰`) or a year
/// (`2020`, `1398`), Jalali or Gregorian, in any digits.
pub fn parse_period(text: &str) -> Option<(i64, i64)> {
    let ascii = ascii_digits(text);
    if ascii.contains(['T', ' ']) {
        let moment = parse_date(&ascii)?;
        return Some((moment, moment + 1));
    }
    let parts: Vec<i64> = ascii
        .split(['-', '/', '.'])
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [_, _, _] => {
            let day = parse_date(&ascii)?;
            Some((day, day + SECONDS_PER_DAY))
        }
        [year, month] if (1..=12).contains(&month) => {
            let (next_year, next_month) = if month == 12 {
                (year.checked_add(1)?, 1)
            } else {
                (year, month + 1)
            };
            Some((
                parse_date(&format!("{year}/{month}/1"))?,
                parse_date(&format!("{next_year}/{next_month}/1"))?,
            ))
        }
        [year] => Some((
            parse_date(&format!("{year}/1/1"))?,
            parse_date(&format!("{}/1/1", year.checked_add(1)?))?,
        )),
        _ => None,
    }
}

/// Seconds since 1970-01-01T00:00:00Z for `text`, or `None` if it is no date kavosh knows.
pub fn parse_date(text: &str) -> Option<i64> {
    let ascii = ascii_digits(text);
    let (date, time) = match ascii.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (ascii.as_str(), None),
    };
    let mut parts = date.split(['-', '/', '.']);
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(1..=LAST_YEAR).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let (year, month, day) = if year < FIRST_GREGORIAN_YEAR {
        if month > 6 && day > 30 {
            return None;
        }
        jalali_to_gregorian(year, month, day)
    } else {
        if day > days_in_month(year, month) {
            return None;
        }
        (year, month, day)
    };
    let seconds_of_day = time.map_or(Some(0), parse_time)?;
    Some(days_from_civil(year, month, day) * SECONDS_PER_DAY + seconds_of_day)
}

/// `HH:MM[:SS]`, ignoring fractions and a `Z` or offset after it.
fn parse_time(time: &str) -> Option<i64> {
    let clock = time.split(['Z', '+', '.']).next()?;
    let mut fields = clock.split(':').map(|field| field.parse::<i64>().ok());
    let hours = fields.next()??;
    let minutes = fields.next().unwrap_or(Some(0))?;
    let seconds = fields.next().unwrap_or(Some(0))?;
    ((0..24).contains(&hours) && (0..60).contains(&minutes) && (0..61).contains(&seconds))
        .then_some(hours * 3600 + minutes * 60 + seconds)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The Gregorian date (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's algorithm, the inverse of `days_from_civil`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The ISO date (`2023-08-22`, UTC) of a moment given in seconds since 1970.
pub fn iso_day(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Jalali date (year, month, day) of a day counted from 1970-01-01, found with the
/// one Jalali conversion (`days_from_jalali`), so the two calendars can never disagree:
/// the year is the one whose 1 Farvardin (about 20 March) is the last on or before the
/// day; its first six months have 31 days, the next five 30.
pub fn jalali_from_days(days: i64) -> (i64, i64, i64) {
    let (gregorian_year, _, _) = civil_from_days(days);
    let mut year = gregorian_year - 621;
    if days_from_jalali(year, 1, 1) > days {
        year -= 1;
    }
    let day_of_year = days - days_from_jalali(year, 1, 1);
    if day_of_year < 186 {
        (year, 1 + day_of_year / 31, 1 + day_of_year % 31)
    } else {
        (
            year,
            7 + (day_of_year - 186) / 30,
            1 + (day_of_year - 186) % 30,
        )
    }
}

/// Days since 1970-01-01 of a Jalali date.
pub fn days_from_jalali(year: i64, month: i64, day: i64) -> i64 {
    let (year, month, day) = jalali_to_gregorian(year, month, day);
    days_from_civil(year, month, day)
}

/// The Gregorian date of a Jalali one (the 33-year arithmetic rule, exact for 1178–1633 AP).
fn jalali_to_gregorian(year: i64, month: i64, day: i64) -> (i64, i64, i64) {
    let jy = year + 1595;
    let mut days = -355_668
        + 365 * jy
        + (jy / 33) * 8
        + ((jy % 33) + 3) / 4
        + day
        + if month < 7 {
            (month - 1) * 31
        } else {
            (month - 7) * 30 + 186
        };
    let mut gy = 400 * (days / 146_097);
    days %= 146_097;
    if days > 36_524 {
        days -= 1;
        gy += 100 * (days / 36_524);
        days %= 36_524;
        if days >= 365 {
            days += 1;
        }
    }
    gy += 4 * (days / 1461);
    days %= 1461;
    if days > 365 {
        gy += (days - 1) / 365;
        days = (days - 1) % 365;
    }
    let mut gd = days + 1;
    let mut gm = 1;
    while gd > days_in_month(gy, gm) {
        gd -= days_in_month(gy, gm);
        gm += 1;
    }
    (gy, gm, gd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_a_moment_a_day_a_month_or_a_year_in_either_calendar() {
        let day = |text| parse_date(text).unwrap();
        assert_eq!(
            parse_period("2020-03"),
            Some((day("2020-03-01"), day("2020-04-01")))
        );
        assert_eq!(
            parse_period("2020-12"),
            Some((day("2020-12-01"), day("2021-01-01")))
        );
        assert_eq!(
            parse_period("۲۰۲۰"),
            Some((day("2020-01-01"), day("2021-01-01")))
        );
        // Jalali 1398 ran from 2019-03-21 to 2020-03-19; its tenth month (Dey) from
        // 2019-12-22 to 2020-01-20.
        assert_eq!(
            parse_period("1398"),
            Some((day("2019-03-21"), day("2020-03-20")))
        );
        assert_eq!(
            parse_period("۱۳۹۸/۱۰"),
            Some((day("2019-12-22"), day("2020-01-21")))
        );
        assert_eq!(
            parse_period("1398/10/01"),
            Some((day("2019-12-22"), day("2019-12-23")))
        );
        let moment = day("2020-03-01 10:00");
        assert_eq!(parse_period("2020-03-01 10:00"), Some((moment, moment + 1)));
        for bad in [
            "2020-13",
            "dey",
            "",
            "2020/1/2/3",
            "9223372036854775807",
            "99999999/01/01",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }

    fn day(year: i64, month: i64, day: i64) -> i64 {
        days_from_civil(year, month, day) * SECONDS_PER_DAY
    }

    #[test]
    fn iso_dates_and_datetimes() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2023-08-03"), Some(day(2023, 8, 3)));
        assert_eq!(
            parse_date("2024-07-01 10:30:00"),
            Some(day(2024, 7, 1) + 37_800)
        );
        assert_eq!(
            parse_date("2024-07-01T10:30:00Z"),
            Some(day(2024, 7, 1) + 37_800)
        );
        assert_eq!(day(2000, 3, 1), 951_868_800);
    }

    #[test]
    fn jalali_dates_in_any_digits() {
        let expected = Some(day(2023, 8, 3));
        assert_eq!(parse_date("1402-05-12"), expected);
        assert_eq!(parse_date("۱۴۰۲/۰۵/۱۲"), expected);
        assert_eq!(parse_date("١٤٠٢/٠٥/١٢"), expected);
        assert_eq!(parse_date("1403/01/01"), Some(day(2024, 3, 20)));
        assert_eq!(parse_date("1399/12/30"), Some(day(2021, 3, 20)));
        assert_eq!(parse_date("1375/01/01"), Some(day(1996, 3, 20)));
    }

    #[test]
    fn non_dates_are_none() {
        for text in [
            "",
            "دیروز",
            "2023-13-01",
            "2023-02-30",
            "1402/07/31",
            "2023-08",
            "12:00",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn days_convert_back_to_the_dates_they_came_from() {
        // Every day from 1900 to 2100, through both calendars and back.
        for days in days_from_civil(1900, 1, 1)..days_from_civil(2100, 1, 1) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
            let (jy, jm, jd) = jalali_from_days(days);
            assert_eq!(days_from_jalali(jy, jm, jd), days);
            assert_eq!(
                parse_date(&format!("{jy}/{jm}/{jd}")),
                Some(days * SECONDS_PER_DAY),
                "{jy}/{jm}/{jd}"
            );
        }
        assert_eq!(jalali_from_days(days_from_civil(2023, 8, 3)), (1402, 5, 12));
        assert_eq!(iso_day(day(2023, 8, 3) + 37_800), "2023-08-03");
    }
}
