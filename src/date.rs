//! Calendar dates as the fact sheet writes them (`YYYY-MM-DD`), with the two
//! pieces of date arithmetic the rules need: terms counted in years (Civil
//! Code art. 203) and the quarters of a year.
//!
//! A hand-written type rather than a date crate: the tool needs validation,
//! ordering, a year offset and a day count, nothing about time zones or clocks
//! (`as_of` always comes from the sheet, never from the system clock).

use std::fmt;

/// A valid proleptic Gregorian date between the years 1000 and 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Shape,
    /// The form is right but the day does not exist (`2024-02-30`).
    NoSuchDay,
    /// A real day, but outside the years 1000–9999 the tool works with.
    OutOfRange,
}

impl Date {
    /// The earliest date the tool works with: no record can lie before it.
    pub const EARLIEST: Date = Date {
        year: 1000,
        month: 1,
        day: 1,
    };

    /// A date, if that day exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD` exactly: four-digit year, two-digit month and day.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Shape);
        }
        // The shape check above makes these parses infallible.
        let year: i32 = text[0..4].parse().map_err(|_| DateError::Shape)?;
        let month: u32 = text[5..7].parse().map_err(|_| DateError::Shape)?;
        let day: u32 = text[8..10].parse().map_err(|_| DateError::Shape)?;
        if year < 1000 {
            return Err(DateError::OutOfRange);
        }
        Date::new(year, month, day).ok_or(DateError::NoSuchDay)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// January 1 of `year`.
    pub fn first_of_year(year: i32) -> Option<Date> {
        Date::new(year, 1, 1)
    }

    /// December 31 of `year`.
    pub fn last_of_year(year: i32) -> Option<Date> {
        Date::new(year, 12, 31)
    }

    /// The day on which a term of `years` years starting on `self` ends.
    ///
    /// Civil Code art. 203: the period ends on the corresponding day of the
    /// last year; where that month has no such day (a term from 29 February
    /// ending in a common year) it ends on the last day of the month.
    pub fn add_years(self, years: u32) -> Option<Date> {
        let year = self.year.checked_add(i32::try_from(years).ok()?)?;
        let day = self.day.min(days_in_month(year, self.month));
        Date::new(year, self.month, day)
    }

    /// Days since 1970-01-01 (negative before), for differences of dates.
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil, in i64 so no year here overflows.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_day_number(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// The quarter (1–4) this date falls in.
    pub fn quarter(self) -> u8 {
        // months 1..=12 map to quarters 1..=4, which always fits in a u8
        ((self.month - 1) / 3 + 1) as u8
    }

    /// The last day of month `month` (1–12) of `year`.
    pub fn month_end(year: i32, month: u32) -> Option<Date> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Date::new(year, month, days_in_month(year, month))
    }

    /// The day `years` years before `self`, the corresponding day (28
    /// February for 29 February in a common year, as [`Date::add_years`]):
    /// a look-back of N years up to `self` covers the days after it.
    pub fn sub_years(self, years: u32) -> Option<Date> {
        let year = self.year.checked_sub(i32::try_from(years).ok()?)?;
        let day = self.day.min(days_in_month(year, self.month));
        Date::new(year, self.month, day)
    }

    /// The last day of quarter `quarter` (1–4) of `year`.
    pub fn quarter_end(year: i32, quarter: u8) -> Option<Date> {
        let month = u32::from(quarter) * 3;
        Date::new(year, month, days_in_month(year, month))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date is written as its ISO text (`2024-12-31`) in reports, straight
/// into the output without an intermediate string.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_only_real_days_in_the_exact_shape() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-04-31"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-00-10"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-4-1"), Err(DateError::Shape));
        assert_eq!(Date::parse("2024/04/01"), Err(DateError::Shape));
        assert_eq!(Date::parse("+024-04-01"), Err(DateError::Shape));
        assert_eq!(Date::parse("2024-04-01 "), Err(DateError::Shape));
        assert_eq!(Date::parse("１９９９-04-01"), Err(DateError::Shape));
        assert_eq!(Date::parse("2000-02-29"), Ok(d("2000-02-29")));
        assert_eq!(Date::parse("1900-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("0999-01-01"), Err(DateError::OutOfRange));
    }

    #[test]
    fn terms_end_on_the_corresponding_day_or_the_last_of_the_month() {
        assert_eq!(d("2019-12-31").add_years(5), Some(d("2024-12-31")));
        assert_eq!(d("2020-02-29").add_years(5), Some(d("2025-02-28")));
        assert_eq!(d("2024-02-29").sub_years(1), Some(d("2023-02-28")));
        assert_eq!(d("2024-12-31").sub_years(2), Some(d("2022-12-31")));
        assert_eq!(Date::month_end(2024, 2), Some(d("2024-02-29")));
        assert_eq!(Date::month_end(2023, 2), Some(d("2023-02-28")));
        assert_eq!(Date::month_end(2023, 13), None);
        assert_eq!(d("2020-02-29").add_years(4), Some(d("2024-02-29")));
        assert_eq!(d("2021-03-01").add_years(3), Some(d("2024-03-01")));
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(d("1970-01-01").day_number(), 0);
        assert_eq!(d("1970-01-02").day_number(), 1);
        assert_eq!(d("1969-12-31").day_number(), -1);
        assert_eq!(d("2024-01-01").days_until(d("2024-12-31")), 365);
        assert_eq!(d("2023-01-01").days_until(d("2023-12-31")), 364);
        assert_eq!(
            d("2000-03-01").day_number() - d("2000-02-28").day_number(),
            2
        );
    }

    #[test]
    fn day_numbers_turn_back_into_dates() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "1969-12-31",
            "2100-03-01",
        ] {
            let date = d(text);
            assert_eq!(Date::from_day_number(date.day_number()), Some(date));
        }
    }

    #[test]
    fn quarters_and_their_last_days() {
        assert_eq!(d("2024-03-31").quarter(), 1);
        assert_eq!(d("2024-04-01").quarter(), 2);
        assert_eq!(d("2024-12-31").quarter(), 4);
        assert_eq!(Date::quarter_end(2024, 1), Some(d("2024-03-31")));
        assert_eq!(Date::quarter_end(2024, 2), Some(d("2024-06-30")));
        assert_eq!(Date::quarter_end(2024, 3), Some(d("2024-09-30")));
        assert_eq!(Date::quarter_end(2024, 4), Some(d("2024-12-31")));
    }
}
