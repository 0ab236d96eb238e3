/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-error.h"
#include "chatroutes-sse.h"

/* U+FFFD REPLACEMENT CHARACTER */
#define FFFD "\xef\xbf\xbd"

typedef struct
{
  const char *type;
  const char *data;
  const char *id;
} ExpectedEvent;

typedef struct
{
  const char *name;
  const char *input;
  gsize input_len;
  /* Terminated by an entry whose type is NULL. */
  const ExpectedEvent *events;
  /* What finish returns after the whole input (ignored when stopped). */
  gboolean finish_clean;
  gint64 retry;
  const char *last_id;
  /* 0: the default. */
  gsize max_size;
  gboolean error;
  /* Stop after this many events; 0: never. */
  guint stop_after;
} Sample;

#define INPUT(s) .input = (s), .input_len = sizeof (s) - 1
#define EVENTS(...) .events = (const ExpectedEvent[]) { __VA_ARGS__ { NULL, NULL, NULL } }
#define EV(type, data, id) { (type), (data), (id) },
#define MSG(data, id) EV ("message", data, id)

static const Sample samples[] = {
  {
    .name = "simple",
    INPUT ("data: hello\n\n"),
    EVENTS (MSG ("hello", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "empty-input",
    INPUT (""),
    EVENTS (),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "blank-lines-only",
    INPUT ("\n\n\r\n\r\r\n"),
    EVENTS (),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "line-endings-mixed",
    INPUT ("data: a\r\n\r\n"
           "data: b\r\r"
           "data: c\n\n"
           "data: d\r\n\r"
           "data: e\n\r\n"
           "data: f\r\n\n"
           "data: g\rdata: h\r\ndata: i\n\r"),
    EVENTS (MSG ("a", NULL) MSG ("b", NULL) MSG ("c", NULL) MSG ("d", NULL)
            MSG ("e", NULL) MSG ("f", NULL) MSG ("g\nh\ni", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    /* A CRLF cut between its CR and LF is one terminator, not two lines. */
    .name = "crlf-not-two-lines",
    INPUT ("data: x\r\ndata: y\r\n\r\ndata: 1\r\r\ndata: 2\r\n\r\n"),
    EVENTS (MSG ("x\ny", NULL) MSG ("1", NULL) MSG ("2", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "cr-only",
    INPUT ("event: e\rdata: one\rdata: two\r\r: c\rdata: three\r\r"),
    EVENTS (EV ("e", "one\ntwo", NULL) MSG ("three", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bom",
    INPUT ("\xef\xbb\xbf" "data: bom\n\n"),
    EVENTS (MSG ("bom", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    /* The second BOM is U+FEFF at the start of the field name: "\uFEFFdata"
     * is an unknown field. */
    .name = "bom-second-kept",
    INPUT ("\xef\xbb\xbf\xef\xbb\xbf" "data: x\n\ndata: y\n\n"),
    EVENTS (MSG ("y", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bom-in-data-kept",
    INPUT ("\xef\xbb\xbf" "data: \xef\xbb\xbfx\n\n"),
    EVENTS (MSG ("\xef\xbb\xbfx", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    /* Two bytes of a BOM are not a BOM: they start the first line. */
    .name = "bom-partial",
    INPUT ("\xef\xbb\ndata: after\n\n\xef\xbb\xbf" "data: late\n\n"),
    EVENTS (MSG ("after", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bom-partial-in-data",
    INPUT ("\xef\xbb" "data: x\n\ndata: y\n\n"),
    EVENTS (MSG ("y", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bom-alone",
    INPUT ("\xef\xbb\xbf"),
    EVENTS (),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bom-cut-at-end",
    INPUT ("\xef\xbb"),
    EVENTS (),
    .finish_clean = FALSE, .retry = -1,
  },
  {
    .name = "comments",
    INPUT (": keep-alive\n\n:another\ndata: x\n: mid comment\ndata: y\n\n:\n\n"),
    EVENTS (MSG ("x\ny", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "multi-line-data",
    INPUT ("data: line1\ndata: line2\ndata:\ndata: line4\n\n"),
    EVENTS (MSG ("line1\nline2\n\nline4", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "fields",
    INPUT ("event: update\nid: 42\nretry: 1500\ndata: one\n\ndata: two\n\n"),
    EVENTS (EV ("update", "one", "42") MSG ("two", "42")),
    .finish_clean = TRUE, .retry = 1500, .last_id = "42",
  },
  {
    /* The id persists; an empty id resets it; an id alone still sets it. */
    .name = "id-persists-and-resets",
    INPUT ("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 7\n\ndata: d\n\nid:\n\n"),
    EVENTS (MSG ("a", "1") MSG ("b", "1") MSG ("c", NULL) MSG ("d", "7")),
    .finish_clean = TRUE, .retry = -1, .last_id = NULL,
  },
  {
    .name = "id-with-nul-ignored",
    INPUT ("id: 5\n\ndata: a\n\nid: x\0y\ndata: b\n\n"),
    EVENTS (MSG ("a", "5") MSG ("b", "5")),
    .finish_clean = TRUE, .retry = -1, .last_id = "5",
  },
  {
    .name = "id-utf8",
    INPUT ("id: \xc3\xa9\xff\ndata: a\n\n"),
    EVENTS (MSG ("a", "\xc3\xa9" FFFD)),
    .finish_clean = TRUE, .retry = -1, .last_id = "\xc3\xa9" FFFD,
  },
  {
    /* Set at dispatch: an id in an event never ended does not count. */
    .name = "id-undispatched",
    INPUT ("id: 1\ndata: a\n\nid: 2\ndata: b\n"),
    EVENTS (MSG ("a", "1")),
    .finish_clean = FALSE, .retry = -1, .last_id = "1",
  },
  {
    .name = "retry",
    INPUT ("retry: 12a\nretry: \nretry: -5\nretry:  100\nretry: 3000\n"
           "retry: 99999999999999999999999\nretry: 1e3\nretry\ndata: x\n\n"),
    EVENTS (MSG ("x", NULL)),
    .finish_clean = TRUE, .retry = 3000,
  },
  {
    .name = "retry-zero-and-max",
    INPUT ("retry: 9223372036854775807\n\nretry:0\n\n"),
    EVENTS (),
    .finish_clean = TRUE, .retry = 0,
  },
  {
    .name = "retry-int64-max",
    INPUT ("retry: 9223372036854775807\n\nretry: 9223372036854775808\n\n"),
    EVENTS (),
    .finish_clean = TRUE, .retry = G_MAXINT64,
  },
  {
    .name = "field-without-colon",
    INPUT ("data\n\ndata\ndata\n\nevent\ndata: z\n\n"),
    EVENTS (MSG ("", NULL) MSG ("\n", NULL) MSG ("z", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "data-no-space",
    INPUT ("data:x\n\ndata:\n\n"),
    EVENTS (MSG ("x", NULL) MSG ("", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "data-two-spaces",
    INPUT ("data:  two\ndata:   three \n\n"),
    EVENTS (MSG (" two\n  three ", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    /* Field names are exact: no trimming, no case folding; only a space,
     * not a tab, is stripped after the colon. */
    .name = "field-names-exact",
    INPUT ("data : a\nDATA: b\n :c\nData: d\ndata:\te\ndata:x:y\n\n"),
    EVENTS (MSG ("\te\nx:y", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "unknown-fields",
    INPUT ("foo: bar\nid2: 3\nidx\ndata: x\nretryx: 5\neventx: e\ndat: no\n\n"),
    EVENTS (MSG ("x", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "event-type-resets",
    INPUT ("event: ping\n\ndata: x\n\nevent: custom\ndata: y\n\ndata: z\n\n"
           "event:\ndata: e\n\nevent: a\nevent: b\ndata: last\n\n"),
    EVENTS (MSG ("x", NULL) EV ("custom", "y", NULL) MSG ("z", NULL) MSG ("e", NULL)
            EV ("b", "last", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "utf8-multibyte",
    INPUT ("event: \xc3\xa9v\xc3\xa9nement\n"
           "data: h\xc3\xa9llo \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80\n\n"),
    EVENTS (EV ("\xc3\xa9v\xc3\xa9nement",
                "h\xc3\xa9llo \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "utf8-invalid",
    INPUT ("data: a\xff" "b\xc3\n\n"
           "data: \xe2\x82\ndata: \xac\n\n"
           "data: \xed\xa0\x80!\n\n"
           "event: \xfe\ndata: t\n\n"),
    EVENTS (MSG ("a" FFFD "b" FFFD, NULL)
            MSG (FFFD FFFD "\n" FFFD, NULL)
            MSG (FFFD FFFD FFFD "!", NULL)
            EV (FFFD, "t", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "nul-in-data",
    INPUT ("data: a\0b\n\n"),
    EVENTS (MSG ("a" FFFD "b", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "chatroutes-stream",
    INPUT (": connected\n\n"
           "data: {\"type\":\"content\",\"content\":\"Hel\",\"model\":\"gpt-5\"}\n\n"
           "data: {\"type\":\"content\",\"content\":\"lo\",\"model\":\"gpt-5\"}\n\n"
           "data: {\"type\":\"complete\",\"message\":{\"id\":\"m1\"},\"model\":\"gpt-5\"}\n\n"
           "data: [DONE]\n\n"),
    EVENTS (MSG ("{\"type\":\"content\",\"content\":\"Hel\",\"model\":\"gpt-5\"}", NULL)
            MSG ("{\"type\":\"content\",\"content\":\"lo\",\"model\":\"gpt-5\"}", NULL)
            MSG ("{\"type\":\"complete\",\"message\":{\"id\":\"m1\"},\"model\":\"gpt-5\"}", NULL)
            MSG ("[DONE]", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "trailing-event-discarded",
    INPUT ("data: done\n\ndata: partial\n"),
    EVENTS (MSG ("done", NULL)),
    .finish_clean = FALSE, .retry = -1,
  },
  {
    .name = "trailing-partial-line",
    INPUT ("data: done\n\ndata: part"),
    EVENTS (MSG ("done", NULL)),
    .finish_clean = FALSE, .retry = -1,
  },
  {
    .name = "trailing-comment-partial",
    INPUT ("data: done\n\n: keep"),
    EVENTS (MSG ("done", NULL)),
    .finish_clean = FALSE, .retry = -1,
  },
  {
    .name = "trailing-empty-data",
    INPUT ("data\n"),
    EVENTS (),
    .finish_clean = FALSE, .retry = -1,
  },
  {
    /* No data pending and no partial line: nothing was dropped. */
    .name = "trailing-fields-only",
    INPUT ("data: x\n\nevent: e\n"),
    EVENTS (MSG ("x", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "trailing-cr-dispatches",
    INPUT ("data: x\n\r"),
    EVENTS (MSG ("x", NULL)),
    .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "bound-line",
    INPUT ("data: short\n\ndata: 0123456789abcdef\n\n"),
    EVENTS (MSG ("short", NULL)),
    .max_size = 16, .error = TRUE, .retry = -1,
  },
  {
    .name = "bound-data",
    INPUT ("data: 0123456789\ndata: 0123456789\n\n"),
    EVENTS (),
    .max_size = 20, .error = TRUE, .retry = -1,
  },
  {
    .name = "bound-comment",
    INPUT ("data: ok\n\n: a very long comment line\n"),
    EVENTS (MSG ("ok", NULL)),
    .max_size = 16, .error = TRUE, .retry = -1,
  },
  {
    .name = "bound-unterminated",
    INPUT ("data: ok\n\ndata: never ending line"),
    EVENTS (MSG ("ok", NULL)),
    .max_size = 16, .error = TRUE, .retry = -1,
  },
  {
    /* Exactly at the bound is fine: 8 bytes of line plus 2 of data. */
    .name = "bound-exact",
    INPUT ("data: 12\ndata: 34\n\n"),
    EVENTS (MSG ("12\n34", NULL)),
    .max_size = 10, .finish_clean = TRUE, .retry = -1,
  },
  {
    .name = "callback-stops",
    INPUT ("data: 1\n\ndata: 2\n\ndata: 3\n\n"),
    EVENTS (MSG ("1", NULL) MSG ("2", NULL)),
    .stop_after = 2, .retry = -1,
  },
  {
    .name = "callback-stops-first",
    INPUT ("id: a\ndata: 1\r\rdata: 2\r\r"),
    EVENTS (MSG ("1", "a")),
    .stop_after = 1, .retry = -1, .last_id = "a",
  },
};

/* Samples up to this length are also fed in three parts at every pair of
 * cut points. */
#define PAIR_SPLIT_MAX_LEN 256

typedef struct
{
  char *type;
  char *data;
  char *id;
} Event;

static void
event_free (gpointer p)
{
  Event *event = p;

  g_free (event->type);
  g_free (event->data);
  g_free (event->id);
  g_free (event);
}

typedef struct
{
  ChatroutesSseParser *parser;
  GPtrArray *events;
  guint stop_after;
  /* Pieces of a large event handed to the sink. */
  GString *sunk;
  gboolean sinking;
} Recorder;

static gboolean record_event (const char *event_type,
                              const char *data,
                              gsize       data_len,
                              const char *last_event_id,
                              gpointer    user_data);

/* Rebuilds the events that went through the sink, so they can be checked
 * against the same expectations as the ones held whole. */
static gboolean
record_sunk (ChatroutesSseSinkAction  action,
             const char              *bytes,
             gsize                    len,
             gpointer                 user_data)
{
  Recorder *recorder = user_data;
  g_autofree char *data = NULL;
  g_autofree char *type = NULL;

  switch (action)
    {
    case CHATROUTES_SSE_SINK_DATA:
      g_assert_cmpuint (len, >, 0);
      recorder->sinking = TRUE;
      g_string_append_len (recorder->sunk, bytes, len);
      return TRUE;

    case CHATROUTES_SSE_SINK_DISCARD:
      g_assert_true (recorder->sinking);
      recorder->sinking = FALSE;
      g_string_truncate (recorder->sunk, 0);
      return TRUE;

    case CHATROUTES_SSE_SINK_DISPATCH:
    default:
      g_assert_true (recorder->sinking);
      recorder->sinking = FALSE;
      type = g_strndup (bytes, len);
      if (g_utf8_validate_len (recorder->sunk->str, recorder->sunk->len, NULL))
        data = g_strndup (recorder->sunk->str, recorder->sunk->len);
      else
        data = g_utf8_make_valid (recorder->sunk->str, recorder->sunk->len);
      g_string_truncate (recorder->sunk, 0);
      return record_event (type, data, strlen (data),
                           chatroutes_sse_parser_get_last_event_id (recorder->parser),
                           recorder);
    }
}

static gboolean
record_event (const char *event_type,
              const char *data,
              gsize       data_len,
              const char *last_event_id,
              gpointer    user_data)
{
  Recorder *recorder = user_data;
  Event *event;

  g_assert_nonnull (event_type);
  g_assert_nonnull (data);
  g_assert_true (g_utf8_validate (event_type, -1, NULL));
  g_assert_cmpint (event_type[0], !=, '\0');
  g_assert_cmpint (data[data_len], ==, '\0');
  g_assert_cmpuint (strlen (data), ==, data_len);
  g_assert_true (g_utf8_validate_len (data, data_len, NULL));
  if (last_event_id != NULL)
    {
      g_assert_true (g_utf8_validate (last_event_id, -1, NULL));
      g_assert_cmpint (last_event_id[0], !=, '\0');
    }
  g_assert_cmpstr (last_event_id, ==,
                   chatroutes_sse_parser_get_last_event_id (recorder->parser));

  event = g_new0 (Event, 1);
  event->type = g_strdup (event_type);
  event->data = g_strndup (data, data_len);
  event->id = g_strdup (last_event_id);
  g_ptr_array_add (recorder->events, event);

  return recorder->stop_after == 0 || recorder->events->len < recorder->stop_after;
}

static char *
describe_cuts (const gsize *cuts,
               guint        n_cuts)
{
  GString *s = g_string_new ("cuts at");

  if (n_cuts == 0)
    g_string_append (s, " none");
  for (guint i = 0; i < n_cuts && i < 8; i++)
    g_string_append_printf (s, " %" G_GSIZE_FORMAT, cuts[i]);
  if (n_cuts > 8)
    g_string_append_printf (s, " … (%u cuts)", n_cuts);

  return g_string_free (s, FALSE);
}

/* Feeds @sample cut at the sorted offsets @cuts and checks the outcome.
 * Returns FALSE (after marking the test failed) on a mismatch. */
static gboolean
run_sample_full (const Sample *sample,
                 const gsize  *cuts,
                 guint         n_cuts,
                 gssize        sink_threshold)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GString) sunk = g_string_new (NULL);
  Recorder recorder = { NULL, events, sample->stop_after, sunk, FALSE };
  gboolean stopped = FALSE;
  gboolean clean;
  gsize start = 0;
  guint n_expected = 0;

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;
  if (sample->max_size > 0)
    chatroutes_sse_parser_set_max_event_size (parser, sample->max_size);
  if (sink_threshold >= 0)
    chatroutes_sse_parser_set_sink (parser, sink_threshold, record_sunk, &recorder);

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : sample->input_len;

      g_assert_cmpuint (start, <=, end);
      if (!chatroutes_sse_parser_feed (parser, sample->input + start, end - start, &error))
        {
          stopped = TRUE;
          break;
        }
      start = end;
    }

  where = describe_cuts (cuts, n_cuts);
  if (sink_threshold >= 0)
    {
      char *with_sink = g_strdup_printf ("%s, sink past %" G_GSSIZE_FORMAT " bytes", where, sink_threshold);
      g_free (where);
      where = with_sink;
    }

  if (sample->error)
    {
      if (error == NULL ||
          !g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL))
        {
          g_test_fail_printf ("%s (%s): expected a protocol error", sample->name, where);
          return FALSE;
        }
    }
  else if (error != NULL)
    {
      g_test_fail_printf ("%s (%s): unexpected error: %s", sample->name, where,
                          error->message);
      return FALSE;
    }
  else if (stopped != (sample->stop_after > 0))
    {
      g_test_fail_printf ("%s (%s): feed %s", sample->name, where,
                          stopped ? "stopped" : "did not stop");
      return FALSE;
    }

  while (sample->events[n_expected].type != NULL)
    n_expected++;

  if (events->len != n_expected)
    {
      g_test_fail_printf ("%s (%s): %u events, expected %u", sample->name, where,
                          events->len, n_expected);
      return FALSE;
    }

  for (guint i = 0; i < n_expected; i++)
    {
      const ExpectedEvent *expected = &sample->events[i];
      const Event *got = g_ptr_array_index (events, i);

      if (g_strcmp0 (got->type, expected->type) != 0 ||
          g_strcmp0 (got->data, expected->data) != 0 ||
          g_strcmp0 (got->id, expected->id) != 0)
        {
          g_test_fail_printf ("%s (%s): event %u is (%s, \"%s\", %s), expected (%s, \"%s\", %s)",
                              sample->name, where, i,
                              got->type, got->data, got->id ? got->id : "(null)",
                              expected->type, expected->data,
                              expected->id ? expected->id : "(null)");
          return FALSE;
        }
    }

  clean = chatroutes_sse_parser_finish (parser);
  if (sample->error && clean)
    {
      g_test_fail_printf ("%s (%s): finish after an error returned TRUE", sample->name, where);
      return FALSE;
    }
  if (!sample->error && sample->stop_after == 0 && clean != sample->finish_clean)
    {
      g_test_fail_printf ("%s (%s): finish returned %d", sample->name, where, clean);
      return FALSE;
    }

  if (chatroutes_sse_parser_get_retry (parser) != sample->retry)
    {
      g_test_fail_printf ("%s (%s): retry %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                          sample->name, where, chatroutes_sse_parser_get_retry (parser),
                          sample->retry);
      return FALSE;
    }

  if (g_strcmp0 (chatroutes_sse_parser_get_last_event_id (parser), sample->last_id) != 0)
    {
      g_test_fail_printf ("%s (%s): last id %s, expected %s", sample->name, where,
                          chatroutes_sse_parser_get_last_event_id (parser),
                          sample->last_id);
      return FALSE;
    }

  if (recorder.sinking)
    {
      g_test_fail_printf ("%s (%s): a sunk event was neither dispatched nor discarded",
                          sample->name, where);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_sample (const Sample *sample,
            const gsize  *cuts,
            guint         n_cuts)
{
  return run_sample_full (sample, cuts, n_cuts, -1);
}

/* Large events handed out in pieces must come out the same, whatever the
 * threshold and wherever the input is cut. Samples about the size bound
 * are left out: with a sink nothing large is held, so nothing is too large. */
static void
test_sample_sink (gconstpointer user_data)
{
  const Sample *sample = user_data;
  static const gssize thresholds[] = { 0, 1, 5, 16 };

  if (sample->error || sample->max_size > 0)
    {
      g_test_skip ("a sample about the size bound");
      return;
    }

  for (guint t = 0; t < G_N_ELEMENTS (thresholds); t++)
    {
      if (!run_sample_full (sample, NULL, 0, thresholds[t]))
        return;

      for (gsize i = 0; i <= sample->input_len; i++)
        {
          gsize cut = i;

          if (!run_sample_full (sample, &cut, 1, thresholds[t]))
            return;
        }

      {
        g_autofree gsize *cuts = g_new (gsize, MAX (sample->input_len, 1));
        guint n_cuts = sample->input_len > 0 ? sample->input_len - 1 : 0;

        for (guint i = 0; i < n_cuts; i++)
          cuts[i] = i + 1;
        if (!run_sample_full (sample, cuts, n_cuts, thresholds[t]))
          return;
      }
    }
}

static void
test_sample_whole (gconstpointer user_data)
{
  const Sample *sample = user_data;

  run_sample (sample, NULL, 0);
}

static void
test_sample_bytewise (gconstpointer user_data)
{
  const Sample *sample = user_data;
  g_autofree gsize *cuts = NULL;
  guint n_cuts = sample->input_len > 0 ? sample->input_len - 1 : 0;

  cuts = g_new (gsize, MAX (n_cuts, 1));
  for (guint i = 0; i < n_cuts; i++)
    cuts[i] = i + 1;

  run_sample (sample, cuts, n_cuts);
}

static void
test_sample_one_cut (gconstpointer user_data)
{
  const Sample *sample = user_data;

  /* Cuts at 0 and at the end feed an empty block too. */
  for (gsize i = 0; i <= sample->input_len; i++)
    {
      gsize cut = i;

      if (!run_sample (sample, &cut, 1))
        return;
    }
}

static void
test_sample_two_cuts (gconstpointer user_data)
{
  const Sample *sample = user_data;

  if (sample->input_len > PAIR_SPLIT_MAX_LEN)
    {
      g_test_skip ("sample too long for every pair of cuts");
      return;
    }

  for (gsize i = 1; i < sample->input_len; i++)
    for (gsize j = i; j < sample->input_len; j++)
      {
        gsize cuts[2] = { i, j };

        if (!run_sample (sample, cuts, 2))
          return;
      }
}

/* A long stream with every kind of line, built along with the events it
 * must give. */
static void
build_long_stream (GRand     *rand,
                   guint      n_events,
                   GString   *stream,
                   GPtrArray *expected)
{
  static const char * const terminators[] = { "\n", "\r\n", "\r" };
  static const char * const pieces[] = {
    "{\"type\":\"content\",\"content\":\"word \",\"model\":\"gpt-5\"}",
    "h\xc3\xa9llo",
    "\xe6\xbc\xa2\xe5\xad\x97",
    "\xf0\x9f\x98\x80 emoji",
    "",
    " leading space",
    "colon: inside",
    "[DONE]",
  };
  static const char * const types[] = { "update", "\xc3\xa9v\xc3\xa9nement", "ping" };
  const char *last_terminator = "";
  g_autofree char *id = NULL;

  g_string_append (stream, "\xef\xbb\xbf");

#define ADD_LINE(text)                                                          \
  G_STMT_START {                                                                \
    const char *t_ = terminators[g_rand_int_range (rand, 0, 3)];                \
    const char *line_ = (text);                                                 \
    /* After a lone CR, a blank line ending in LF would merge into CRLF. */     \
    if (line_[0] == '\0' && strcmp (last_terminator, "\r") == 0 &&              \
        strcmp (t_, "\n") == 0)                                                 \
      t_ = "\r\n";                                                              \
    g_string_append (stream, line_);                                            \
    g_string_append (stream, t_);                                               \
    last_terminator = t_;                                                       \
  } G_STMT_END

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(GString) data = g_string_new (NULL);
      Event *event = g_new0 (Event, 1);
      guint n_lines = g_rand_int_range (rand, 1, 4);

      if (g_rand_int_range (rand, 0, 8) == 0)
        ADD_LINE (": keep-alive");

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          g_autofree char *line = NULL;

          event->type = g_strdup (types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))]);
          line = g_strconcat ("event: ", event->type, NULL);
          ADD_LINE (line);
        }
      else
        {
          event->type = g_strdup ("message");
        }

      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          g_autofree char *line = NULL;

          g_free (id);
          id = g_strdup_printf ("id-%u", i);
          line = g_strconcat ("id: ", id, NULL);
          ADD_LINE (line);
        }
      event->id = g_strdup (id);

      for (guint j = 0; j < n_lines; j++)
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
          g_autofree char *line = NULL;

          /* Either form: the space after the colon is stripped. */
          if (piece[0] != ' ' && g_rand_boolean (rand))
            line = g_strconcat ("data:", piece, NULL);
          else
            line = g_strconcat ("data: ", piece, NULL);
          ADD_LINE (line);

          if (j > 0)
            g_string_append_c (data, '\n');
          g_string_append (data, piece);
        }

      ADD_LINE ("");

      event->data = g_strdup (data->str);
      g_ptr_array_add (expected, event);
    }

#undef ADD_LINE
}

static void
test_long_stream_random_chunks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250101);
  g_autoptr(GString) stream = g_string_new (NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (event_free);
  /* Small reads, network-sized reads, large blocks. */
  static const gint32 max_chunk[] = { 16, 600, 70000 };

  build_long_stream (rand, 10000, stream, expected);
  g_assert_cmpuint (expected->len, ==, 10000);

  for (gsize k = 0; k < G_N_ELEMENTS (max_chunk); k++)
    {
      g_autoptr(ChatroutesSseParser) parser = NULL;
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
      Recorder recorder = { NULL, events, 0 };
      gsize offset = 0;

      parser = chatroutes_sse_parser_new (record_event, &recorder);
      recorder.parser = parser;

      while (offset < stream->len)
        {
          g_autoptr(GError) error = NULL;
          gsize chunk = g_rand_int_range (rand, 1, max_chunk[k] + 1);

          chunk = MIN (chunk, stream->len - offset);
          g_assert_true (chatroutes_sse_parser_feed (parser, stream->str + offset, chunk,
                                                     &error));
          g_assert_no_error (error);
          offset += chunk;
        }
      g_assert_true (chatroutes_sse_parser_finish (parser));

      g_assert_cmpuint (events->len, ==, expected->len);
      for (guint i = 0; i < events->len; i++)
        {
          const Event *got = g_ptr_array_index (events, i);
          const Event *want = g_ptr_array_index (expected, i);

          g_assert_cmpstr (got->type, ==, want->type);
          g_assert_cmpstr (got->data, ==, want->data);
          g_assert_cmpstr (got->id, ==, want->id);
        }
    }
}

static void
test_defaults (void)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  Recorder recorder = { NULL, events, 0 };

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;

  g_assert_cmpint (chatroutes_sse_parser_get_retry (parser), ==, -1);
  g_assert_null (chatroutes_sse_parser_get_last_event_id (parser));
  g_assert_true (chatroutes_sse_parser_feed (parser, NULL, 0, NULL));
  g_assert_true (chatroutes_sse_parser_finish (parser));
  g_assert_cmpuint (events->len, ==, 0);
}

static void
test_error_is_sticky_until_finish (void)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  g_autoptr(GError) error = NULL;
  Recorder recorder = { NULL, events, 0 };
  const char *big = "data: 0123456789012345678901234567890123456789\n\n";

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;
  chatroutes_sse_parser_set_max_event_size (parser, 32);

  g_assert_false (chatroutes_sse_parser_feed (parser, big, strlen (big), &error));
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Later blocks fail the same way, even harmless ones. */
  g_assert_false (chatroutes_sse_parser_feed (parser, "data: x\n\n", 9, &error));
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpuint (events->len, ==, 0);

  /* A new stream after finish parses again. */
  g_assert_false (chatroutes_sse_parser_finish (parser));
  g_assert_true (chatroutes_sse_parser_feed (parser, "data: x\n\n", 9, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
}

static void
test_feed_after_stop (void)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  g_autoptr(GError) error = NULL;
  Recorder recorder = { NULL, events, 1 };
  const char *block = "data: 1\n\ndata: 2\n\n";

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;

  g_assert_false (chatroutes_sse_parser_feed (parser, block, strlen (block), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);

  /* The rest of that block is dropped; the next block is parsed. */
  recorder.stop_after = 0;
  g_assert_true (chatroutes_sse_parser_feed (parser, "data: 3\n\n", 9, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((Event *) g_ptr_array_index (events, 1))->data, ==, "3");
}

static void
test_finish_starts_new_stream (void)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  Recorder recorder = { NULL, events, 0 };
  const char *first = "\xef\xbb\xbfid: 9\nretry: 250\ndata: a\n\nevent: x\ndata: cut";
  const char *second = "\xef\xbb\xbf" "data: b\n\n";

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;

  g_assert_true (chatroutes_sse_parser_feed (parser, first, strlen (first), NULL));
  g_assert_false (chatroutes_sse_parser_finish (parser));

  /* A reconnection: its BOM is stripped, the id and retry are kept, the
   * dropped event's type does not leak into the new one. */
  g_assert_true (chatroutes_sse_parser_feed (parser, second, strlen (second), NULL));
  g_assert_true (chatroutes_sse_parser_finish (parser));

  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((Event *) g_ptr_array_index (events, 1))->type, ==, "message");
  g_assert_cmpstr (((Event *) g_ptr_array_index (events, 1))->data, ==, "b");
  g_assert_cmpstr (((Event *) g_ptr_array_index (events, 1))->id, ==, "9");
  g_assert_cmpstr (chatroutes_sse_parser_get_last_event_id (parser), ==, "9");
  g_assert_cmpint (chatroutes_sse_parser_get_retry (parser), ==, 250);
}

static void
test_large_event (void)
{
  g_autoptr(ChatroutesSseParser) parser = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (event_free);
  g_autoptr(GString) stream = g_string_new ("data: ");
  g_autoptr(GError) error = NULL;
  Recorder recorder = { NULL, events, 0 };
  const gsize payload = 1024 * 1024;

  parser = chatroutes_sse_parser_new (record_event, &recorder);
  recorder.parser = parser;

  for (gsize i = 0; i < payload; i++)
    g_string_append_c (stream, 'a' + i % 26);
  g_string_append (stream, "\n\n");

  /* One megabyte in 4 KiB reads: the line is carried across 256 blocks. */
  for (gsize offset = 0; offset < stream->len; offset += 4096)
    g_assert_true (chatroutes_sse_parser_feed (parser, stream->str + offset,
                                               MIN (4096, stream->len - offset), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpuint (strlen (((Event *) g_ptr_array_index (events, 0))->data), ==, payload);
  g_assert_true (memcmp (((Event *) g_ptr_array_index (events, 0))->data,
                         stream->str + 6, payload) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      static const struct
      {
        const char *mode;
        GTestDataFunc func;
      } modes[] = {
        { "whole", test_sample_whole },
        { "bytewise", test_sample_bytewise },
        { "one-cut", test_sample_one_cut },
        { "two-cuts", test_sample_two_cuts },
        { "sink", test_sample_sink },
      };

      for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          g_autofree char *path = g_strdup_printf ("/sse/%s/%s", modes[m].mode,
                                                   samples[i].name);

          g_test_add_data_func (path, &samples[i], modes[m].func);
        }
    }

  g_test_add_func ("/sse/long-stream-random-chunks", test_long_stream_random_chunks);
  g_test_add_func ("/sse/defaults", test_defaults);
  g_test_add_func ("/sse/error-is-sticky-until-finish", test_error_is_sticky_until_finish);
  g_test_add_func ("/sse/feed-after-stop", test_feed_after_stop);
  g_test_add_func ("/sse/finish-starts-new-stream", test_finish_starts_new_stream);
  g_test_add_func ("/sse/large-event", test_large_event);

  return g_test_run ();
}
