/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <glib/gstdio.h>

#include "chatroutes-error.h"
#include "chatroutes-model-catalog.h"

#define RESOURCE_PATH "/com/chatroutes/Desktop/models.json"

static char *config_dir;

static ChatroutesModelCatalog *
load_shipped_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "models.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  ChatroutesModelCatalog *catalog;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  catalog = chatroutes_model_catalog_new_from_data (contents, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
test_shipped_file (void)
{
  g_autoptr(ChatroutesModelCatalog) catalog = load_shipped_file ();
  GListModel *models = chatroutes_model_catalog_get_models (catalog);
  g_autoptr(ChatroutesModelInfo) first = NULL;
  g_autoptr(ChatroutesModelInfo) last = NULL;
  ChatroutesModelInfo *info;

  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 8);
  g_assert_true (g_list_model_get_item_type (models) == CHATROUTES_TYPE_MODEL_INFO);
  g_assert_cmpstr (chatroutes_model_catalog_get_default_id (catalog), ==, "gpt-5");

  first = g_list_model_get_item (models, 0);
  g_assert_cmpstr (chatroutes_model_info_get_id (first), ==, "gpt-5");
  g_assert_cmpstr (chatroutes_model_info_get_provider_name (first), ==, "OpenAI");
  last = g_list_model_get_item (models, 7);
  g_assert_cmpstr (chatroutes_model_info_get_id (last), ==, "claude-3-5-haiku-latest");
  g_assert_cmpstr (chatroutes_model_info_get_note (last), ==, "Fastest");

  info = chatroutes_model_catalog_lookup (catalog, "claude-opus-4");
  g_assert_nonnull (info);
  g_assert_cmpstr (chatroutes_model_info_get_name (info), ==, "Claude Opus 4");
  g_assert_null (chatroutes_model_info_get_note (info));
  g_assert_cmpstr (chatroutes_model_info_get_provider_id (info), ==, "anthropic");

  g_assert_null (chatroutes_model_catalog_lookup (catalog, "gpt-4"));
  g_assert_null (chatroutes_model_catalog_lookup (catalog, NULL));
}

static void
test_ranges (void)
{
  g_autoptr(ChatroutesModelCatalog) catalog = load_shipped_file ();
  GListModel *models = chatroutes_model_catalog_get_models (catalog);

  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(ChatroutesModelInfo) info = g_list_model_get_item (models, i);
      const char *provider = chatroutes_model_info_get_provider_id (info);

      g_assert_cmpfloat (chatroutes_model_info_get_temperature_min (info), ==, 0.0);
      if (g_str_equal (provider, "openai"))
        g_assert_cmpfloat (chatroutes_model_info_get_temperature_max (info), ==, 2.0);
      else if (g_str_equal (provider, "anthropic"))
        g_assert_cmpfloat (chatroutes_model_info_get_temperature_max (info), ==, 1.0);
      else
        g_assert_not_reached ();
      g_assert_cmpfloat (chatroutes_model_info_get_temperature_default (info), <=,
                         chatroutes_model_info_get_temperature_max (info));
    }

  /* Properties mirror the getters. */
  {
    ChatroutesModelInfo *claude = chatroutes_model_catalog_lookup (catalog, "claude-sonnet-4-5");
    double max = 0;
    g_autofree char *provider_name = NULL;

    g_object_get (claude, "temperature-max", &max, "provider-name", &provider_name, NULL);
    g_assert_cmpfloat (max, ==, 1.0);
    g_assert_cmpstr (provider_name, ==, "Anthropic");
  }
}

static const char *bad_documents[] = {
  "",
  "not json",
  "[]",
  "{\"providers\": 3}",
  "{\"providers\": []}",
  "{\"providers\": [42]}",
  "{\"providers\": [{\"id\": \"x\", \"models\": [{\"id\": \"m\"}]}]}",  /* no range */
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": \"0\", \"max\": 1}, \"models\": [{\"id\": \"m\"}]}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 1, \"max\": 0}, \"models\": [{\"id\": \"m\"}]}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": {}}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [{\"id\": 5}]}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [\"m\"]}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [{\"id\": \"m\"}, {\"id\": \"m\"}]}]}",
  "{\"default\": \"nope\", \"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [{\"id\": \"m\"}]}]}",
  "{\"default\": 1, \"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [{\"id\": \"m\"}]}]}",
  "{\"version\": 2, \"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1}, \"models\": [{\"id\": \"m\"}]}]}",
  "{\"providers\": [{\"id\": \"x\", \"temperature\": {\"min\": 0, \"max\": 1, \"default\": 3}, \"models\": [{\"id\": \"m\"}]}]}",
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesModelCatalog) catalog = NULL;

      catalog = chatroutes_model_catalog_new_from_data (bad_documents[i], -1, &error);
      if (catalog != NULL)
        g_error ("accepted document %u: %s", i, bad_documents[i]);
      g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
    }
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesModelCatalog) catalog = NULL;
  ChatroutesModelInfo *info;

  /* No default: the first model; no name: the id; unknown fields ignored. */
  catalog = chatroutes_model_catalog_new_from_data (
      "{\"extra\": true, \"providers\": [{\"id\": \"p\", \"temperature\": {\"min\": 0, \"max\": 1.5},"
      " \"models\": [{\"id\": \"m1\", \"colour\": \"red\"}, {\"id\": \"m2\", \"name\": \"Two\"}]}]}",
      -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_model_catalog_get_default_id (catalog), ==, "m1");
  info = chatroutes_model_catalog_lookup (catalog, "m1");
  g_assert_cmpstr (chatroutes_model_info_get_name (info), ==, "m1");
  g_assert_cmpstr (chatroutes_model_info_get_provider_name (info), ==, "p");
  g_assert_cmpfloat (chatroutes_model_info_get_temperature_max (info), ==, 1.5);
  g_assert_cmpfloat (chatroutes_model_info_get_temperature_default (info), ==, 1.0);
}

static void
write_override (const char *contents)
{
  g_autofree char *dir = g_build_filename (config_dir, "chatroutes", NULL);
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (contents == NULL)
    {
      g_remove (path);
      return;
    }
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_load_resource (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesModelCatalog) catalog = NULL;

  write_override (NULL);
  catalog = chatroutes_model_catalog_load (RESOURCE_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_model_catalog_get_models (catalog)), ==, 8);

  g_clear_object (&catalog);
  catalog = chatroutes_model_catalog_load ("/com/chatroutes/Desktop/nothing.json", &error);
  g_assert_null (catalog);
  g_assert_nonnull (error);
}

static void
test_load_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesModelCatalog) catalog = NULL;

  write_override ("{\"default\": \"gpt-6\", \"providers\": [{\"id\": \"openai\", \"name\": \"OpenAI\","
                  " \"temperature\": {\"min\": 0, \"max\": 2}, \"models\": [{\"id\": \"gpt-6\", \"name\": \"GPT-6\"}]}]}");
  catalog = chatroutes_model_catalog_load (RESOURCE_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_model_catalog_get_default_id (catalog), ==, "gpt-6");
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_model_catalog_get_models (catalog)), ==, 1);
  g_clear_object (&catalog);

  /* An invalid override falls back to the shipped list. */
  write_override ("{\"providers\": \"oops\"}");
  catalog = chatroutes_model_catalog_load (RESOURCE_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_model_catalog_get_default_id (catalog), ==, "gpt-5");
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_model_catalog_get_models (catalog)), ==, 8);
  write_override (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("chatroutes-catalog-XXXXXX", &error);
  int ret;

  g_assert_no_error (error);
  config_dir = g_build_filename (tmp, "config", NULL);
  /* Before anything asks GLib for the folder: it is read once. */
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-catalog/shipped-file", test_shipped_file);
  g_test_add_func ("/model-catalog/ranges", test_ranges);
  g_test_add_func ("/model-catalog/malformed", test_malformed);
  g_test_add_func ("/model-catalog/minimal", test_minimal);
  g_test_add_func ("/model-catalog/load-resource", test_load_resource);
  g_test_add_func ("/model-catalog/load-override", test_load_override);

  ret = g_test_run ();

  {
    g_autofree char *override = g_build_filename (config_dir, "chatroutes", "models.json", NULL);
    g_autofree char *dir = g_build_filename (config_dir, "chatroutes", NULL);

    g_remove (override);
    g_rmdir (dir);
    g_rmdir (config_dir);
    g_rmdir (tmp);
  }
  g_free (config_dir);
  return ret;
}
