/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <string.h>

#include "sim-model.h"

/* Replies are built from templates whose slots are filled from a PRNG
 * seeded with the prompt, so the same prompt always gets the same reply,
 * while different prompts get visibly different ones. Slots:
 *   {t} topic   {s} URL slug   {a} adjective   {n} noun   {c} identifier
 *   {j} camelCase identifier   {k} small number   {N} capitalised noun
 */

static const SimModelInfo models[] = {
  { "gpt-5",                    "openai",    2.0, 1.25, 10.0 },
  { "claude-opus-4-1",          "anthropic", 1.0, 15.0, 75.0 },
  { "claude-opus-4",            "anthropic", 1.0, 15.0, 75.0 },
  { "claude-opus-4-0",          "anthropic", 1.0, 15.0, 75.0 },
  { "claude-sonnet-4-5",        "anthropic", 1.0, 3.0,  15.0 },
  { "claude-sonnet-4-0",        "anthropic", 1.0, 3.0,  15.0 },
  { "claude-3-7-sonnet-latest", "anthropic", 1.0, 3.0,  15.0 },
  { "claude-3-5-haiku-latest",  "anthropic", 1.0, 0.8,  4.0 },
};

const SimModelInfo *
sim_model_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_strcmp0 (id, models[i].id) == 0)
      return &models[i];
  return NULL;
}

char *
sim_model_list (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, models[i].id);
    }

  return g_string_free_and_steal (list);
}

double
sim_model_cost (const char *model,
                gint64      prompt_tokens,
                gint64      completion_tokens)
{
  const SimModelInfo *info = sim_model_lookup (model);
  double cost;

  if (info == NULL)
    return 0.0;

  cost = (prompt_tokens * info->input_price + completion_tokens * info->output_price) / 1e6;
  /* Round to a millionth of a dollar, like a bill would. */
  return (double) (gint64) (cost * 1e6 + 0.5) / 1e6;
}

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z;

  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = rng->state;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint
rng_range (Rng   *rng,
           guint  n)
{
  return (guint) (rng_next (rng) % n);
}

#define PICK(rng, array) ((array)[rng_range ((rng), G_N_ELEMENTS (array))])

static const char * const adjectives[] = {
  "small", "explicit", "predictable", "cached", "lazy", "shared", "bounded",
  "incremental", "stable", "careful", "isolated", "typed", "simple",
};

static const char * const nouns[] = {
  "state", "buffer", "request", "schema", "cache", "worker", "queue",
  "config", "index", "session", "parser", "layout", "model", "budget",
};

static const char * const identifiers[] = {
  "parse_config", "load_items", "update_cache", "check_limits",
  "render_rows", "merge_branches", "count_tokens", "flush_queue",
};

static const char * const camel_identifiers[] = {
  "parseConfig", "loadItems", "updateCache", "checkLimits",
  "renderRows", "mergeBranches", "countTokens", "flushQueue",
};

static const char * const headings[] = {
  "A practical look at {t}",
  "Notes on {t}",
  "Getting {t} right",
  "How to approach {t}",
  "{t}: a short guide",
};

static const char * const bold_sentences[] = {
  "Working with {t} is mostly about **{a} {n}** and a clear plan for the {n}.",
  "The short answer: keep the **{n}** {a} and everything else follows.",
  "When it comes to {t}, **{a} defaults** save more time than clever tricks.",
  "Think of {t} as a pipeline where the **{n}** is the part that matters most.",
};

static const char * const plain_sentences[] = {
  "In practice, a {a} {n} keeps the {n} predictable and easy to test.",
  "Most problems come from a {a} {n}, not from the {n} itself.",
  "If the {n} grows, measure it first; a big rewrite is rarely needed.",
  "Each step should leave the {n} in a state you can inspect.",
  "A {a} design also makes the next change cheaper.",
  "Write down what the {n} promises before you tune it.",
};

static const char * const code_sentences[] = {
  "Start by checking `{c}()` before you change anything else.",
  "Keep `{c}` small and let the {n} do the heavy lifting.",
  "The helper `{j}` is a good place to add a guard.",
  "A single call to `{c}` per {n} is usually enough.",
};

static const char * const link_sentences[] = {
  "The [{t} guide](https://example.com/docs/{s}) covers the details.",
  "See [the reference](https://example.com/docs/{s}) for every option.",
  "There is a longer walkthrough in [this article](https://example.com/blog/{s}).",
};

static const char * const list_items[] = {
  "- **{N}**: {a} by default, so the {n} stays simple.",
  "- Call `{c}` once per {n}.",
  "- Prefer a {a} {n} over a clever one.",
  "- Log the {n} when `{j}` fails.",
  "- Review the {n} after each release.",
  "- Test the {a} path first, then the edge cases.",
};

static const char * const option_rows[] = {
  "| `timeout` | `30` | limits how long one {n} may take |",
  "| `retries` | `3` | how often a failed {n} is tried again |",
  "| `cache_size` | `64` | entries kept in the {a} {n} |",
  "| `log_level` | `info` | how much the {n} reports |",
  "| `batch_size` | `16` | items handled per {n} |",
  "| `max_depth` | `8` | nesting allowed in the {n} |",
};

static const char * const closings[] = {
  "Let me know if you want a deeper look at {t}.",
  "That should cover the {a} parts of {t}.",
  "Happy to go further into any of these steps.",
  "Start with the first item and measure before moving on.",
};

static const char * const code_c[] = {
  "```c\n"
  "#include <stdio.h>\n"
  "\n"
  "static int\n"
  "{c} (int value)\n"
  "{\n"
  "  return value * {k};\n"
  "}\n"
  "\n"
  "int\n"
  "main (void)\n"
  "{\n"
  "  printf (\"%d\\n\", {c} ({k}));\n"
  "  return 0;\n"
  "}\n"
  "```",
};

static const char * const code_other[] = {
  "```python\n"
  "def {c}(items):\n"
  "    \"\"\"Return the {n} for each item.\"\"\"\n"
  "    return [item * {k} for item in items if item]\n"
  "\n"
  "\n"
  "print({c}([1, 2, 3]))\n"
  "```",

  "```javascript\n"
  "function {j}(items) {\n"
  "  return items.filter(Boolean).map((x) => x * {k});\n"
  "}\n"
  "\n"
  "console.log({j}([1, 2, 3]));\n"
  "```",

  "```rust\n"
  "fn {c}(values: &[i32]) -> i32 {\n"
  "    values.iter().map(|v| v * {k}).sum()\n"
  "}\n"
  "```",

  "```bash\n"
  "#!/bin/sh\n"
  "set -eu\n"
  "for f in *.txt; do\n"
  "  echo \"{c}: $f\"\n"
  "done\n"
  "```",
};

static const char * const stop_words[] = {
  "a", "about", "all", "an", "and", "are", "be", "but", "by", "can", "could",
  "do", "does", "explain", "for", "from", "give", "hello", "help", "hi",
  "how", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "please",
  "should", "show", "tell", "thanks", "that", "the", "there", "this", "to",
  "us", "want",
  "was", "we", "what", "when", "where", "which", "why", "will", "with",
  "would", "you", "your",
};

typedef struct
{
  Rng         rng;
  const char *topic;
  const char *slug;
  guint       ident;   /* the section's identifier, so code calls what it defines */
} Ctx;

guint64
sim_model_hash (const char *text,
                guint64     seed)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ seed;

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      h ^= *p;
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  return h;
}

static gboolean
is_stop_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    if (g_strcmp0 (word, stop_words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Up to three significant words of the prompt, letters and digits only,
 * so that nothing from the prompt can break the Markdown around it. */
char *
sim_model_topic (const char *prompt)
{
  g_autoptr(GString) topic = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  const char *p = prompt;
  guint n_words = 0;

  while (n_words < 3)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          if (g_utf8_strlen (word->str, word->len) < 24)
            g_string_append_unichar (word, c);
        }
      else if (word->len > 0)
        {
          g_autofree char *lower = g_utf8_strdown (word->str, word->len);

          if (!is_stop_word (lower) && (word->len > 1 || g_ascii_isdigit (word->str[0])))
            {
              if (topic->len > 0)
                g_string_append_c (topic, ' ');
              g_string_append (topic, lower);
              n_words++;
            }
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  if (topic->len == 0)
    return g_strdup ("your question");

  return g_string_free_and_steal (g_steal_pointer (&topic));
}

static char *
make_slug (const char *topic)
{
  GString *slug = g_string_new (NULL);

  for (const char *p = topic; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (*p == ' ' && slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }

  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  if (slug->len == 0)
    g_string_append (slug, "overview");

  return g_string_free_and_steal (slug);
}

static void
expand (GString    *out,
        Ctx        *ctx,
        const char *template)
{
  for (const char *p = template; *p; p++)
    {
      if (p[0] == '{' && p[1] != '\0' && p[2] == '}')
        {
          switch (p[1])
            {
            case 't':
              g_string_append (out, ctx->topic);
              break;
            case 's':
              g_string_append (out, ctx->slug);
              break;
            case 'a':
              g_string_append (out, PICK (&ctx->rng, adjectives));
              break;
            case 'n':
              g_string_append (out, PICK (&ctx->rng, nouns));
              break;
            case 'N':
              {
                const char *noun = PICK (&ctx->rng, nouns);

                g_string_append_c (out, g_ascii_toupper (noun[0]));
                g_string_append (out, noun + 1);
              }
              break;
            case 'c':
              g_string_append (out, identifiers[ctx->ident % G_N_ELEMENTS (identifiers)]);
              break;
            case 'j':
              g_string_append (out, camel_identifiers[ctx->ident % G_N_ELEMENTS (camel_identifiers)]);
              break;
            case 'k':
              g_string_append_printf (out, "%u", 2 + rng_range (&ctx->rng, 8));
              break;
            default:
              g_string_append_len (out, p, 3);
              break;
            }
          p += 2;
          continue;
        }

      g_string_append_c (out, *p);
    }
}

static void
append_heading (GString    *out,
                Ctx        *ctx,
                const char *prefix)
{
  g_autoptr(GString) heading = g_string_new (NULL);

  expand (heading, ctx, PICK (&ctx->rng, headings));
  heading->str[0] = g_ascii_toupper (heading->str[0]);
  g_string_append (out, prefix);
  g_string_append_len (out, heading->str, heading->len);
  g_string_append (out, "\n\n");
}

static void
append_section (GString *out,
                Ctx     *ctx)
{
  guint n_items;
  guint first_row;

  ctx->ident = rng_range (&ctx->rng, G_N_ELEMENTS (identifiers));

  /* A paragraph with bold, inline code and a link. */
  expand (out, ctx, PICK (&ctx->rng, bold_sentences));
  g_string_append_c (out, ' ');
  expand (out, ctx, PICK (&ctx->rng, plain_sentences));
  g_string_append_c (out, ' ');
  expand (out, ctx, PICK (&ctx->rng, code_sentences));
  g_string_append_c (out, ' ');
  expand (out, ctx, PICK (&ctx->rng, link_sentences));
  g_string_append (out, "\n\n");

  n_items = 3 + rng_range (&ctx->rng, 2);
  for (guint i = 0; i < n_items; i++)
    {
      expand (out, ctx, list_items[(rng_range (&ctx->rng, 2) + i * 2) % G_N_ELEMENTS (list_items)]);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');

  if (rng_range (&ctx->rng, 3) == 0)
    expand (out, ctx, PICK (&ctx->rng, code_c));
  else
    expand (out, ctx, PICK (&ctx->rng, code_other));
  g_string_append (out, "\n\n");

  g_string_append (out,
                   "| Option | Default | Effect |\n"
                   "| --- | --- | --- |\n");
  first_row = rng_range (&ctx->rng, G_N_ELEMENTS (option_rows));
  for (guint i = 0; i < 3; i++)
    {
      expand (out, ctx, option_rows[(first_row + i) % G_N_ELEMENTS (option_rows)]);
      g_string_append_c (out, '\n');
    }
}

gsize
sim_model_next_piece (const char *text,
                      gsize       pos,
                      gsize       len)
{
  while (pos < len && !g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  return pos;
}

/* Pieces that begin in [from, to): a piece begins where a word does. */
static guint
count_word_starts (const char *text,
                   gsize       from,
                   gsize       to)
{
  guint n = 0;

  for (gsize i = from; i < to; i++)
    if (!g_ascii_isspace (text[i]) && (i == 0 || g_ascii_isspace (text[i - 1])))
      n++;

  return n;
}

guint
sim_model_count_pieces (const char *text)
{
  gsize len = strlen (text);
  gsize pos = 0;
  guint n = 0;

  while (pos < len)
    {
      pos = sim_model_next_piece (text, pos, len);
      n++;
    }

  return n;
}

gint64
sim_model_estimate_tokens (const char *text)
{
  glong chars = g_utf8_strlen (text, -1);

  return MAX (1, (chars + 3) / 4);
}

/* The end of the piece that contains byte @limit, or of the last piece
 * that fits before it. */
static gsize
piece_boundary_at (const char *text,
                   gsize       len,
                   gsize       limit,
                   gboolean    round_up)
{
  gsize pos = 0;

  while (pos < len)
    {
      gsize next = sim_model_next_piece (text, pos, len);

      if (next > limit)
        return round_up ? next : pos;
      pos = next;
    }

  return pos;
}

char *
sim_model_reply (const char            *prompt,
                 const char            *model,
                 const SimReplyOptions *options,
                 gboolean              *truncated)
{
  g_autofree char *topic = sim_model_topic (prompt);
  g_autofree char *slug = make_slug (topic);
  GString *out = g_string_sized_new (2048);
  Ctx ctx;
  guint part = 1;

  ctx.rng.state = sim_model_hash (prompt, sim_model_hash (model ? model : "", 0));
  ctx.topic = topic;
  ctx.slug = slug;

  if (truncated != NULL)
    *truncated = FALSE;

  append_heading (out, &ctx, "## ");
  append_section (out, &ctx);
  g_string_append_c (out, '\n');
  expand (out, &ctx, PICK (&ctx.rng, closings));

  if (options != NULL && options->target_pieces > 0)
    {
      guint pieces = sim_model_count_pieces (out->str);

      while (pieces < options->target_pieces)
        {
          gsize before = out->len;

          g_string_append_printf (out, "\n\n### Part %u: ", ++part);
          append_heading (out, &ctx, "");
          append_section (out, &ctx);
          pieces += count_word_starts (out->str, before, out->len);
        }

      if (pieces > options->target_pieces)
        {
          gsize pos = 0;

          for (guint i = 0; i < options->target_pieces; i++)
            pos = sim_model_next_piece (out->str, pos, out->len);
          g_string_truncate (out, pos);
        }
    }
  else if (options != NULL && options->target_bytes > 0)
    {
      while (out->len < options->target_bytes)
        {
          g_string_append_printf (out, "\n\n### Part %u: ", ++part);
          append_heading (out, &ctx, "");
          append_section (out, &ctx);
        }

      g_string_truncate (out, piece_boundary_at (out->str, out->len, options->target_bytes, TRUE));
      while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
        g_string_truncate (out, out->len - 1);
    }
  else if (options != NULL && options->max_tokens > 0 &&
           sim_model_estimate_tokens (out->str) > options->max_tokens)
    {
      gsize limit = (gsize) MIN (options->max_tokens * 4, (gint64) out->len);
      gsize end = piece_boundary_at (out->str, out->len, limit, FALSE);

      if (end == 0)
        end = sim_model_next_piece (out->str, 0, out->len);
      g_string_truncate (out, end);
      while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
        g_string_truncate (out, out->len - 1);
      if (truncated != NULL)
        *truncated = TRUE;
    }

  return g_string_free_and_steal (out);
}
