/*
 * The UTC calendar of rtc.h: days since 1970-01-01 to a proleptic Gregorian
 * date and back, and a date as text.
 *
 * Days are counted in eras of 400 years, the calendar's whole cycle
 * (146097 days), whose years begin on 1 March: the leap day is then the
 * last day of its year, and the first day of each month, counted from
 * March, is (153 * month + 2) / 5, since the months from March on run
 * 31, 30, 31, 30, 31 days and repeat. Within an era, the day gives the
 * year by taking out the leap days before it, the year the day of the
 * year, and that the month and the day.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "rtc.h"

#define RTC_DAYS_PER_ERA   146097u /* 400 years: 97 of them of 366 days */
#define RTC_DAYS_PER_4Y	   1460u   /* 4 years less their leap day */
#define RTC_DAYS_PER_100Y  36524u  /* 100 years, the 24 leap days in them */
#define RTC_EPOCH_FROM_ERA 719468u /* days from 0000-03-01 to 1970-01-01 */

bool rtc_is_leap_year(uint32_t year)
{
	return year % 4u == 0 && (year % 100u != 0 || year % 400u == 0);
}

uint32_t rtc_month_days(uint32_t year, uint32_t month)
{
	static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && rtc_is_leap_year(year) ? 1u : 0u);
}

/* The date of day `days` since the epoch. */
static void rtc_civil(uint64_t days, uint32_t *ret_year, uint32_t *ret_month, uint32_t *ret_day)
{
	uint64_t z = days + RTC_EPOCH_FROM_ERA;
	uint64_t era = z / RTC_DAYS_PER_ERA;
	uint32_t doe = (uint32_t)(z % RTC_DAYS_PER_ERA); /* 0..146096 */
	/* the leap days before it taken out, the era's day counts 365 a year: 0..399 */
	uint32_t yoe = (doe - doe / RTC_DAYS_PER_4Y + doe / RTC_DAYS_PER_100Y -
			doe / (RTC_DAYS_PER_ERA - 1u)) /
		       365u;
	uint32_t doy = doe - (365u * yoe + yoe / 4u - yoe / 100u); /* 0..365, from 1 March */
	uint32_t mp = (5u * doy + 2u) / 153u;			   /* 0..11, March first */
	uint32_t month = mp < 10u ? mp + 3u : mp - 9u;

	*ret_day = doy - (153u * mp + 2u) / 5u + 1u;
	*ret_month = month;
	*ret_year = (uint32_t)(era * 400u) + yoe + (month <= 2u ? 1u : 0u);
}

/* Days since the epoch of a valid date on or after it. */
static uint64_t rtc_days(uint32_t year, uint32_t month, uint32_t day)
{
	uint32_t y = year - (month <= 2u ? 1u : 0u); /* the year that began on the 1 March before */
	uint32_t era = y / 400u;
	uint32_t yoe = y % 400u;
	uint32_t doy = (153u * (month > 2u ? month - 3u : month + 9u) + 2u) / 5u + day - 1u;
	uint32_t doe = 365u * yoe + yoe / 4u - yoe / 100u + doy;

	return (uint64_t)era * RTC_DAYS_PER_ERA + doe - RTC_EPOCH_FROM_ERA;
}

void rtc_to_date(uint64_t ns, struct rtc_date *ret)
{
	uint64_t s = ns / RTC_NS_PER_S;
	uint64_t days = s / RTC_S_PER_DAY;
	uint32_t sod = (uint32_t)(s % RTC_S_PER_DAY);
	uint32_t year;
	uint32_t month;
	uint32_t day;

	rtc_civil(days, &year, &month, &day);
	*ret = (struct rtc_date){
		.year = year,
		.month = (uint8_t)month,
		.day = (uint8_t)day,
		.hour = (uint8_t)(sod / 3600u),
		.minute = (uint8_t)(sod / 60u % 60u),
		.second = (uint8_t)(sod % 60u),
		.weekday = (uint8_t)((days + 4u) % 7u), /* 1970-01-01 was a Thursday */
		.nanosecond = (uint32_t)(ns % RTC_NS_PER_S)};
}

static bool rtc_date_valid(const struct rtc_date *d)
{
	return d->year >= RTC_YEAR_MIN && d->year <= RTC_YEAR_MAX && d->day >= 1 &&
	       d->day <= rtc_month_days(d->year, d->month) && d->hour < 24 && d->minute < 60 &&
	       d->second < 60 && d->nanosecond < RTC_NS_PER_S;
}

int rtc_from_date(const struct rtc_date *d, uint64_t *ret_ns)
{
	uint64_t s;

	if (!rtc_date_valid(d))
		return ERR_RANGE;
	s = rtc_days(d->year, d->month, d->day) * RTC_S_PER_DAY + (uint64_t)d->hour * 3600u +
	    (uint64_t)d->minute * 60u + d->second;
	if (s > (UINT64_MAX - d->nanosecond) / RTC_NS_PER_S)
		return ERR_RANGE; /* past 2554-07-21 23:34:33.709551615 */
	*ret_ns = s * RTC_NS_PER_S + d->nanosecond;
	return 0;
}

/* Writes v as `width` decimal digits, zeros first, at p; returns the end. */
static char *rtc_put_number(char *p, uint32_t v, uint32_t width)
{
	for (uint32_t i = width; i > 0; i--, v /= 10u)
		p[i - 1] = (char)('0' + v % 10u);
	return p + width;
}

int rtc_format(const struct rtc_date *d, char *buf, size_t size)
{
	static const char weekdays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	char text[RTC_TEXT_LEN + 1];
	const char *wd;
	uint64_t ns;
	char *p = text;

	if (rtc_from_date(d, &ns) != 0)
		return ERR_RANGE;
	if (size < sizeof(text))
		return ERR_NOSPC;
	wd = weekdays[(ns / RTC_NS_PER_S / RTC_S_PER_DAY + 4u) % 7u];
	*p++ = wd[0], *p++ = wd[1], *p++ = wd[2], *p++ = ' ';
	p = rtc_put_number(p, d->year, 4);
	*p++ = '-';
	p = rtc_put_number(p, d->month, 2);
	*p++ = '-';
	p = rtc_put_number(p, d->day, 2);
	*p++ = ' ';
	p = rtc_put_number(p, d->hour, 2);
	*p++ = ':';
	p = rtc_put_number(p, d->minute, 2);
	*p++ = ':';
	p = rtc_put_number(p, d->second, 2);
	*p++ = ' ', *p++ = 'U', *p++ = 'T', *p++ = 'C', *p = '\0';
	for (size_t i = 0; i < sizeof(text); i++)
		buf[i] = text[i];
	return 0;
}
