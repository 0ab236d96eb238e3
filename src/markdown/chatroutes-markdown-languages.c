/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-markdown"

#include "config.h"

#include "chatroutes-markdown-languages.h"

struct _ChatroutesMarkdownLanguages
{
  GObject parent_instance;

  /* Language id → a buffer using it, which keeps its definitions loaded. */
  GHashTable *loaded;
  /* Ids asked for and not loaded yet (the one loading included). */
  GHashTable *wanted;
  /* Languages waiting for the worker, in the order asked. */
  GQueue queue;
  gboolean loading;
};

enum {
  SIGNAL_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChatroutesMarkdownLanguages, chatroutes_markdown_languages, G_TYPE_OBJECT)

static void
chatroutes_markdown_languages_finalize (GObject *object)
{
  ChatroutesMarkdownLanguages *self = CHATROUTES_MARKDOWN_LANGUAGES (object);

  g_hash_table_unref (self->loaded);
  g_hash_table_unref (self->wanted);
  g_queue_clear_full (&self->queue, g_object_unref);

  G_OBJECT_CLASS (chatroutes_markdown_languages_parent_class)->finalize (object);
}

static void
chatroutes_markdown_languages_class_init (ChatroutesMarkdownLanguagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_markdown_languages_finalize;

  signals[SIGNAL_READY] =
    g_signal_new ("ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GTK_SOURCE_TYPE_LANGUAGE);
}

static void
chatroutes_markdown_languages_init (ChatroutesMarkdownLanguages *self)
{
  self->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ChatroutesMarkdownLanguages *
chatroutes_markdown_languages_get_default (void)
{
  static ChatroutesMarkdownLanguages *instance;

  if (instance == NULL)
    {
      GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
      g_autoptr(GtkSourceBuffer) first = NULL;

      /* Everything the worker reads but does not own is set up here, on
       * the main thread, so that there it is only ever read: the language
       * and style scheme managers with their lists, and the default
       * scheme's styles that a new buffer looks up. */
      gtk_source_language_manager_get_language_ids (gtk_source_language_manager_get_default ());
      gtk_source_style_scheme_manager_get_scheme_ids (schemes);
      first = gtk_source_buffer_new (NULL);

      instance = g_object_new (CHATROUTES_TYPE_MARKDOWN_LANGUAGES, NULL);
    }

  return instance;
}

/* In the worker. The buffer is this thread's alone; making it with the
 * language is what loads the definitions, which the language then keeps
 * while the buffer lives. No style scheme, so no styles are looked up. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GtkSourceLanguage *language = task_data;
  GtkSourceBuffer *holder;

  holder = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_style_scheme (holder, NULL);
  gtk_source_buffer_set_highlight_matching_brackets (holder, FALSE);
  gtk_source_buffer_set_language (holder, language);

  g_task_return_pointer (task, holder, g_object_unref);
}

static void load_next (ChatroutesMarkdownLanguages *self);

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  ChatroutesMarkdownLanguages *self = CHATROUTES_MARKDOWN_LANGUAGES (object);
  GtkSourceLanguage *language = g_task_get_task_data (G_TASK (result));
  const char *id = gtk_source_language_get_id (language);
  GtkSourceBuffer *holder;

  holder = g_task_propagate_pointer (G_TASK (result), NULL);
  g_hash_table_replace (self->loaded, g_strdup (id), holder);
  g_hash_table_remove (self->wanted, id);
  self->loading = FALSE;

  g_signal_emit (self, signals[SIGNAL_READY], 0, language);
  load_next (self);
}

/* One language at a time, so that only one thread ever reads definition
 * files. */
static void
load_next (ChatroutesMarkdownLanguages *self)
{
  g_autoptr(GTask) task = NULL;
  GtkSourceLanguage *language;

  if (self->loading || (language = g_queue_pop_head (&self->queue)) == NULL)
    return;

  self->loading = TRUE;
  task = g_task_new (self, NULL, load_done, NULL);
  g_task_set_source_tag (task, load_next);
  g_task_set_task_data (task, language, g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
chatroutes_markdown_languages_prepare (ChatroutesMarkdownLanguages *self,
                                       GtkSourceLanguage           *language)
{
  const char *id;

  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_LANGUAGES (self), FALSE);
  g_return_val_if_fail (GTK_SOURCE_IS_LANGUAGE (language), FALSE);

  id = gtk_source_language_get_id (language);
  if (g_hash_table_contains (self->loaded, id))
    return TRUE;

  if (g_hash_table_add (self->wanted, g_strdup (id)))
    {
      g_queue_push_tail (&self->queue, g_object_ref (language));
      load_next (self);
    }

  return FALSE;
}

gboolean
chatroutes_markdown_languages_is_busy (ChatroutesMarkdownLanguages *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_LANGUAGES (self), FALSE);

  return g_hash_table_size (self->wanted) > 0;
}
