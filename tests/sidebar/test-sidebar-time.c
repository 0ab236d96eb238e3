/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <locale.h>

#include "chatroutes-time.h"

typedef struct
{
  const char *then;
  const char *now;
  const char *expected;
} TimeCase;

static void
test_relative_time_cases (void)
{
  /* 2025-06-11 is a Wednesday. */
  static const TimeCase cases[] = {
    { "2025-06-11T12:00:00Z", "2025-06-11T12:00:00Z", "Just now" },
    { "2025-06-11T11:59:01Z", "2025-06-11T12:00:00Z", "Just now" },
    { "2025-06-11T12:00:30Z", "2025-06-11T12:00:00Z", "Just now" },   /* a little ahead */
    { "2025-06-11T11:59:00Z", "2025-06-11T12:00:00Z", "1 minute ago" },
    { "2025-06-11T11:55:00Z", "2025-06-11T12:00:00Z", "5 minutes ago" },
    { "2025-06-11T11:00:01Z", "2025-06-11T12:00:00Z", "59 minutes ago" },
    { "2025-06-11T11:00:00Z", "2025-06-11T12:00:00Z", "1 hour ago" },
    { "2025-06-11T00:30:00Z", "2025-06-11T12:00:00Z", "11 hours ago" },
    /* Across midnight, but under an hour: minutes win over the calendar. */
    { "2025-06-10T23:30:00Z", "2025-06-11T00:10:00Z", "40 minutes ago" },
    { "2025-06-10T22:30:00Z", "2025-06-11T00:10:00Z", "Yesterday" },
    { "2025-06-10T08:00:00Z", "2025-06-11T12:00:00Z", "Yesterday" },
    { "2025-06-09T12:00:00Z", "2025-06-11T12:00:00Z", "Monday" },
    { "2025-06-05T12:00:00Z", "2025-06-11T12:00:00Z", "Thursday" },
    { "2025-06-04T12:00:00Z", "2025-06-11T12:00:00Z", "Jun 4" },
    { "2025-01-02T12:00:00Z", "2025-06-11T12:00:00Z", "Jan 2" },
    { "2024-12-30T12:00:00Z", "2025-01-02T12:00:00Z", "Monday" },
    { "2024-11-30T12:00:00Z", "2025-06-11T12:00:00Z", "Nov 30, 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 (cases[i].then, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (cases[i].now, NULL);
      g_autofree char *text = NULL;
      const char *expected = cases[i].expected;

      g_assert_nonnull (then);
      g_assert_nonnull (now);
      text = chatroutes_format_relative_time (then, now);
      g_test_message ("%s → %s: %s", cases[i].then, cases[i].now, text);
      g_assert_cmpstr (text, ==, expected);
    }
}

/* Calendar days are those of now's zone, not of then's. */
static void
test_relative_time_zones (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_offset (0);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_offset (9 * 3600);
  /* The same instants seen from two zones: 22:00 → 01:00 in UTC crosses
   * midnight; 07:00 → 10:00 in Tokyo does not. */
  g_autoptr(GDateTime) then = g_date_time_new (tokyo, 2025, 6, 11, 7, 0, 0);
  g_autoptr(GDateTime) now_utc = g_date_time_new (utc, 2025, 6, 11, 1, 0, 0);
  g_autoptr(GDateTime) now_tokyo = g_date_time_to_timezone (now_utc, tokyo);
  g_autofree char *seen_from_utc = chatroutes_format_relative_time (then, now_utc);
  g_autofree char *seen_from_tokyo = chatroutes_format_relative_time (then, now_tokyo);

  g_assert_cmpstr (seen_from_utc, ==, "Yesterday");
  g_assert_cmpstr (seen_from_tokyo, ==, "3 hours ago");
}

static void
test_relative_time_plural_one (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 6, 11, 12, 0, 0);
  g_autoptr(GDateTime) two_hours = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) ninety_seconds = g_date_time_add_seconds (now, -90);
  g_autofree char *a = chatroutes_format_relative_time (two_hours, now);
  g_autofree char *b = chatroutes_format_relative_time (ninety_seconds, now);

  g_assert_cmpstr (a, ==, "2 hours ago");
  g_assert_cmpstr (b, ==, "1 minute ago");
}

int
main (int   argc,
      char *argv[])
{
  /* The expected strings are the untranslated English ones. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sidebar/relative-time/cases", test_relative_time_cases);
  g_test_add_func ("/sidebar/relative-time/zones", test_relative_time_zones);
  g_test_add_func ("/sidebar/relative-time/plural-one", test_relative_time_plural_one);

  return g_test_run ();
}
