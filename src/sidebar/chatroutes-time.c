/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-time.h"

/* Days between the calendar dates of @then and @now (both in the same
 * time zone): 0 today, 1 yesterday, … */
static gint64
calendar_days_between (GDateTime *then,
                       GDateTime *now)
{
  GDate then_date;
  GDate now_date;

  g_date_clear (&then_date, 1);
  g_date_clear (&now_date, 1);
  g_date_set_dmy (&then_date,
                  (GDateDay) g_date_time_get_day_of_month (then),
                  (GDateMonth) g_date_time_get_month (then),
                  (GDateYear) g_date_time_get_year (then));
  g_date_set_dmy (&now_date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));

  return (gint64) g_date_get_julian (&now_date) - (gint64) g_date_get_julian (&then_date);
}

char *
chatroutes_format_relative_time (GDateTime *then,
                                 GDateTime *now)
{
  g_autoptr(GDateTime) local_then = NULL;
  GTimeSpan elapsed;
  gint64 days;

  g_return_val_if_fail (then != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local_then = g_date_time_to_timezone (then, g_date_time_get_timezone (now));
  elapsed = g_date_time_difference (now, local_then);

  /* Clocks disagree a little; a time slightly ahead is still "now". */
  if (elapsed < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));

  if (elapsed < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (elapsed / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
    }

  days = calendar_days_between (local_then, now);

  if (days <= 0)
    {
      int hours = (int) (elapsed / G_TIME_SPAN_HOUR);

      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }

  if (days == 1)
    return g_strdup (_("Yesterday"));

  if (days < 7)
    /* Translators: a weekday name, as in "Monday"; see strftime(3).
     * xgettext:no-c-format */
    return g_date_time_format (local_then, C_("relative time", "%A"));

  if (g_date_time_get_year (local_then) == g_date_time_get_year (now))
    /* Translators: a short date in this year, see strftime(3), as in "Mar 4".
     * xgettext:no-c-format */
    return g_date_time_format (local_then, C_("relative time", "%b %-d"));

  /* Translators: a short date in another year, see strftime(3), as in
   * "Mar 4, 2023". xgettext:no-c-format */
  return g_date_time_format (local_then, C_("relative time", "%b %-d, %Y"));
}
