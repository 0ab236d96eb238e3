/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <glib/gstdio.h>

#include "chatroutes-draft-store.h"
#include "chatroutes-error.h"

typedef struct
{
  char *dir;
  char *path;
  guint n_saved;
  guint n_failed;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("chatroutes-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "drafts.json", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
on_saved (ChatroutesDraftStore *store,
          Fixture              *f)
{
  f->n_saved++;
}

static void
on_save_failed (ChatroutesDraftStore *store,
                const GError         *error,
                Fixture              *f)
{
  g_assert_nonnull (error);
  f->n_failed++;
}

static ChatroutesDraftStore *
new_store (Fixture    *f,
           const char *path,
           guint       delay)
{
  ChatroutesDraftStore *store = chatroutes_draft_store_new (path);

  chatroutes_draft_store_set_save_delay (store, delay);
  g_signal_connect (store, "saved", G_CALLBACK (on_saved), f);
  g_signal_connect (store, "save-failed", G_CALLBACK (on_save_failed), f);
  return store;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates until *counter reaches @target or 5 s pass. */
static void
wait_for_count (guint *counter,
                guint  target)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (*counter, >=, target);
}

static void
test_set_get_remove (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ChatroutesDraftStore) store = new_store (f, f->path, 50);

  g_assert_cmpuint (chatroutes_draft_store_get_save_delay (store), ==, 50);
  g_assert_null (chatroutes_draft_store_get (store, "c1", NULL));

  chatroutes_draft_store_set (store, "c1", NULL, "hello");
  chatroutes_draft_store_set (store, "c1", "b1", "on a branch");
  chatroutes_draft_store_set (store, "c1", "", "empty branch id");
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c1", NULL), ==, "hello");
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c1", "b1"), ==, "on a branch");
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c1", ""), ==, "empty branch id");
  g_assert_null (chatroutes_draft_store_get (store, "c2", NULL));
  g_assert_cmpuint (chatroutes_draft_store_get_n_drafts (store), ==, 3);

  chatroutes_draft_store_set (store, "c1", NULL, "hello again");
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c1", NULL), ==, "hello again");

  /* Empty or blank text removes the draft. */
  chatroutes_draft_store_set (store, "c1", "b1", "  \n\t ");
  g_assert_null (chatroutes_draft_store_get (store, "c1", "b1"));
  chatroutes_draft_store_set (store, "c1", "", NULL);
  g_assert_null (chatroutes_draft_store_get (store, "c1", ""));
  chatroutes_draft_store_remove (store, "c1", NULL);
  chatroutes_draft_store_remove (store, "never", NULL);
  g_assert_null (chatroutes_draft_store_get (store, "c1", NULL));
  g_assert_cmpuint (chatroutes_draft_store_get_n_drafts (store), ==, 0);

  g_assert_true (chatroutes_draft_store_flush (store, NULL));
  g_assert_null (chatroutes_draft_store_get_error (store));
}

static void
load_ok (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (chatroutes_draft_store_load_finish (CHATROUTES_DRAFT_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ChatroutesDraftStore) first = new_store (f, f->path, 20);
  g_autoptr(ChatroutesDraftStore) second = NULL;
  g_autoptr(ChatroutesDraftStore) third = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded = FALSE;

  g_assert_true (chatroutes_draft_store_load (first, &error));  /* no file yet */
  g_assert_no_error (error);
  chatroutes_draft_store_set (first, "c1", NULL, "main line");
  chatroutes_draft_store_set (first, "c1", "b2", "unicode: é 日本 \"quoted\"\nsecond line");
  chatroutes_draft_store_set (first, "c2", NULL, "to be removed");
  chatroutes_draft_store_remove (first, "c2", NULL);
  wait_for_count (&f->n_saved, 1);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_object (&first);

  /* The synchronous load, as at startup. */
  second = new_store (f, f->path, 20);
  g_assert_true (chatroutes_draft_store_load (second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chatroutes_draft_store_get_n_drafts (second), ==, 2);
  g_assert_cmpstr (chatroutes_draft_store_get (second, "c1", NULL), ==, "main line");
  g_assert_cmpstr (chatroutes_draft_store_get (second, "c1", "b2"), ==,
                   "unicode: é 日本 \"quoted\"\nsecond line");
  g_assert_null (chatroutes_draft_store_get (second, "c2", NULL));

  /* Shutdown: flush writes at once. */
  chatroutes_draft_store_set (second, "c3", NULL, "written by flush");
  g_assert_true (chatroutes_draft_store_flush (second, &error));
  g_assert_no_error (error);
  g_clear_object (&second);

  /* The asynchronous load; what was typed before it finished wins. */
  third = new_store (f, f->path, 20);
  chatroutes_draft_store_set (third, "c1", NULL, "typed early");
  chatroutes_draft_store_remove (third, "c3", NULL);
  chatroutes_draft_store_load_async (third, NULL, load_ok, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (chatroutes_draft_store_get (third, "c1", NULL), ==, "typed early");
  g_assert_nonnull (chatroutes_draft_store_get (third, "c1", "b2"));
  g_assert_null (chatroutes_draft_store_get (third, "c3", NULL));
  g_assert_true (chatroutes_draft_store_flush (third, NULL));
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = chatroutes_draft_store_load_finish (CHATROUTES_DRAFT_STORE (object), result, error);

  g_assert_true (ok == (*error == NULL));
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  static const char *documents[] = {
    "{\"version\": 1, \"drafts\": [",
    "\xff\xfe garbage",
    "[1, 2, 3]",
    "{\"drafts\": 5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(ChatroutesDraftStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *parent = g_path_get_dirname (f->path);

      g_mkdir_with_parents (parent, 0700);
      g_file_set_contents (f->path, documents[i], -1, &error);
      g_assert_no_error (error);

      store = new_store (f, f->path, 20);
      g_assert_false (chatroutes_draft_store_load (store, &error));
      g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
      g_assert_cmpuint (chatroutes_draft_store_get_n_drafts (store), ==, 0);
      g_clear_error (&error);

      chatroutes_draft_store_load_async (store, NULL, load_done, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);

      /* Still usable. */
      chatroutes_draft_store_set (store, "c", NULL, "fine");
      g_assert_cmpstr (chatroutes_draft_store_get (store, "c", NULL), ==, "fine");
      g_assert_true (chatroutes_draft_store_flush (store, NULL));
    }

  /* Entries of the wrong shape are skipped, the rest kept. */
  {
    g_autoptr(ChatroutesDraftStore) store = NULL;
    g_autoptr(GError) error = NULL;

    g_file_set_contents (f->path,
                         "{\"drafts\": [1, {\"conversationId\": 2, \"text\": \"x\"},"
                         " {\"conversationId\": \"ok\", \"branchId\": null, \"text\": \"kept\"},"
                         " {\"conversationId\": \"blank\", \"text\": \"  \"}]}", -1, &error);
    g_assert_no_error (error);
    store = new_store (f, f->path, 20);
    g_assert_true (chatroutes_draft_store_load (store, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (chatroutes_draft_store_get_n_drafts (store), ==, 1);
    g_assert_cmpstr (chatroutes_draft_store_get (store, "ok", NULL), ==, "kept");
  }
}

static void
test_debounce (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ChatroutesDraftStore) store = new_store (f, f->path, 150);
  g_autoptr(ChatroutesDraftStore) reader = NULL;

  /* The default delay is about half a second. */
  {
    g_autoptr(ChatroutesDraftStore) plain = chatroutes_draft_store_new (NULL);

    g_assert_cmpuint (chatroutes_draft_store_get_save_delay (plain), ==, 500);
    g_assert_true (g_str_has_suffix (chatroutes_draft_store_get_path (plain), "chatroutes/drafts.json"));
  }

  /* Typing: a change every 20 ms for 200 ms, longer than the delay. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("typing %u", i);

      chatroutes_draft_store_set (store, "c", NULL, text);
      run_for (20);
    }
  g_assert_cmpuint (f->n_saved, ==, 0);

  wait_for_count (&f->n_saved, 1);
  run_for (400);
  g_assert_cmpuint (f->n_saved, ==, 1);
  g_assert_cmpuint (f->n_failed, ==, 0);

  /* Nothing pending: flush writes nothing. */
  g_assert_true (chatroutes_draft_store_flush (store, NULL));
  g_assert_cmpuint (f->n_saved, ==, 1);

  reader = chatroutes_draft_store_new (f->path);
  g_assert_true (chatroutes_draft_store_load (reader, NULL));
  g_assert_cmpstr (chatroutes_draft_store_get (reader, "c", NULL), ==, "typing 9");
}

static void
test_write_failure (Fixture       *f,
                    gconstpointer  data)
{
  /* A path under a regular file cannot be written, even by root. */
  g_autofree char *blocker = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (blocker, "drafts.json", NULL);
  g_autoptr(ChatroutesDraftStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const GError *reported;

  g_file_set_contents (blocker, "x", -1, &error);
  g_assert_no_error (error);

  store = new_store (f, path, 20);
  chatroutes_draft_store_set (store, "c", "b", "precious words");
  wait_for_count (&f->n_failed, 1);

  reported = chatroutes_draft_store_get_error (store);
  g_assert_nonnull (reported);
  {
    GError *prop = NULL;

    g_object_get (store, "error", &prop, NULL);
    g_assert_nonnull (prop);
    g_error_free (prop);
  }
  /* Nothing lost. */
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c", "b"), ==, "precious words");
  g_assert_cmpuint (f->n_saved, ==, 0);

  /* Flush at shutdown fails too, and says so. */
  g_assert_false (chatroutes_draft_store_flush (store, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (f->n_failed, ==, 2);
  g_assert_cmpstr (chatroutes_draft_store_get (store, "c", "b"), ==, "precious words");

  /* Once the disk is writable again, the next change saves and clears it. */
  g_remove (blocker);
  chatroutes_draft_store_set (store, "c", "b", "precious words, edited");
  wait_for_count (&f->n_saved, 1);
  g_assert_null (chatroutes_draft_store_get_error (store));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/draft-store/set-get-remove", Fixture, NULL, fixture_setup, test_set_get_remove, fixture_teardown);
  g_test_add ("/draft-store/restart", Fixture, NULL, fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/draft-store/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/draft-store/debounce", Fixture, NULL, fixture_setup, test_debounce, fixture_teardown);
  g_test_add ("/draft-store/write-failure", Fixture, NULL, fixture_setup, test_write_failure, fixture_teardown);

  return g_test_run ();
}
