/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "chatroutes-error.h"
#include "chatroutes-model-catalog.h"

/* ChatroutesModelInfo */

struct _ChatroutesModelInfo
{
  GObject parent_instance;

  char *id;
  char *name;
  char *note;
  char *provider_id;
  char *provider_name;
  double temperature_min;
  double temperature_max;
  double temperature_default;
};

G_DEFINE_FINAL_TYPE (ChatroutesModelInfo, chatroutes_model_info, G_TYPE_OBJECT)

enum {
  INFO_PROP_0,
  INFO_PROP_ID,
  INFO_PROP_NAME,
  INFO_PROP_NOTE,
  INFO_PROP_PROVIDER_ID,
  INFO_PROP_PROVIDER_NAME,
  INFO_PROP_TEMPERATURE_MIN,
  INFO_PROP_TEMPERATURE_MAX,
  INFO_PROP_TEMPERATURE_DEFAULT,
  INFO_N_PROPS
};

static GParamSpec *info_properties[INFO_N_PROPS];

static void
chatroutes_model_info_finalize (GObject *object)
{
  ChatroutesModelInfo *self = CHATROUTES_MODEL_INFO (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->provider_name, g_free);

  G_OBJECT_CLASS (chatroutes_model_info_parent_class)->finalize (object);
}

static void
chatroutes_model_info_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ChatroutesModelInfo *self = CHATROUTES_MODEL_INFO (object);

  switch (prop_id)
    {
    case INFO_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case INFO_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case INFO_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case INFO_PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case INFO_PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;
    case INFO_PROP_TEMPERATURE_MIN:
      g_value_set_double (value, self->temperature_min);
      break;
    case INFO_PROP_TEMPERATURE_MAX:
      g_value_set_double (value, self->temperature_max);
      break;
    case INFO_PROP_TEMPERATURE_DEFAULT:
      g_value_set_double (value, self->temperature_default);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_model_info_class_init (ChatroutesModelInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = chatroutes_model_info_finalize;
  object_class->get_property = chatroutes_model_info_get_property;

  info_properties[INFO_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  info_properties[INFO_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  info_properties[INFO_PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  info_properties[INFO_PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, flags);
  info_properties[INFO_PROP_PROVIDER_NAME] = g_param_spec_string ("provider-name", NULL, NULL, NULL, flags);
  info_properties[INFO_PROP_TEMPERATURE_MIN] =
    g_param_spec_double ("temperature-min", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  info_properties[INFO_PROP_TEMPERATURE_MAX] =
    g_param_spec_double ("temperature-max", NULL, NULL, 0.0, G_MAXDOUBLE, 1.0, flags);
  info_properties[INFO_PROP_TEMPERATURE_DEFAULT] =
    g_param_spec_double ("temperature-default", NULL, NULL, 0.0, G_MAXDOUBLE, 1.0, flags);

  g_object_class_install_properties (object_class, INFO_N_PROPS, info_properties);
}

static void
chatroutes_model_info_init (ChatroutesModelInfo *self)
{
}

const char *
chatroutes_model_info_get_id (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), NULL);
  return self->id;
}

const char *
chatroutes_model_info_get_name (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), NULL);
  return self->name;
}

const char *
chatroutes_model_info_get_note (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), NULL);
  return self->note;
}

const char *
chatroutes_model_info_get_provider_id (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), NULL);
  return self->provider_id;
}

const char *
chatroutes_model_info_get_provider_name (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), NULL);
  return self->provider_name;
}

double
chatroutes_model_info_get_temperature_min (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), 0.0);
  return self->temperature_min;
}

double
chatroutes_model_info_get_temperature_max (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), 0.0);
  return self->temperature_max;
}

double
chatroutes_model_info_get_temperature_default (ChatroutesModelInfo *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_INFO (self), 0.0);
  return self->temperature_default;
}

/* ChatroutesModelCatalog */

struct _ChatroutesModelCatalog
{
  GObject parent_instance;

  GListStore *models;
  GHashTable *by_id;   /* id → ChatroutesModelInfo (borrowed from models) */
  char *default_id;
};

G_DEFINE_FINAL_TYPE (ChatroutesModelCatalog, chatroutes_model_catalog, G_TYPE_OBJECT)

static void
chatroutes_model_catalog_finalize (GObject *object)
{
  ChatroutesModelCatalog *self = CHATROUTES_MODEL_CATALOG (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->models);
  g_clear_pointer (&self->default_id, g_free);

  G_OBJECT_CLASS (chatroutes_model_catalog_parent_class)->finalize (object);
}

static void
chatroutes_model_catalog_class_init (ChatroutesModelCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = chatroutes_model_catalog_finalize;
}

static void
chatroutes_model_catalog_init (ChatroutesModelCatalog *self)
{
  self->models = g_list_store_new (CHATROUTES_TYPE_MODEL_INFO);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static gboolean
fail (GError    **error,
      const char *what)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               "Invalid model list: %s", what);
  return FALSE;
}

/* A non-empty string member, or NULL when absent or of another type. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
parse_temperature (JsonObject          *provider,
                   ChatroutesModelInfo *proto,
                   GError             **error)
{
  JsonNode *node = json_object_get_member (provider, "temperature");
  JsonObject *range;
  double min, max, def;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "a provider has no temperature range");
  range = json_node_get_object (node);
  if (!get_number (range, "min", &min) || !get_number (range, "max", &max))
    return fail (error, "a temperature range needs numeric min and max");
  if (!(min >= 0.0) || !(max > min) || max > 100.0)
    return fail (error, "a temperature range is empty or negative");
  if (!get_number (range, "default", &def))
    def = MIN (1.0, max);
  if (def < min || def > max)
    return fail (error, "a default temperature is out of its range");

  proto->temperature_min = min;
  proto->temperature_max = max;
  proto->temperature_default = def;
  return TRUE;
}

static gboolean
parse_provider (ChatroutesModelCatalog *self,
                JsonNode               *provider_node,
                GError                **error)
{
  g_autoptr(ChatroutesModelInfo) proto = NULL;
  JsonObject *provider;
  JsonNode *models_node;
  JsonArray *models;
  const char *id, *name;

  if (!JSON_NODE_HOLDS_OBJECT (provider_node))
    return fail (error, "a provider is not an object");
  provider = json_node_get_object (provider_node);

  id = get_string (provider, "id");
  name = get_string (provider, "name");
  if (id == NULL || *id == '\0')
    return fail (error, "a provider has no id");
  if (name == NULL || *name == '\0')
    name = id;

  proto = g_object_new (CHATROUTES_TYPE_MODEL_INFO, NULL);
  if (!parse_temperature (provider, proto, error))
    return FALSE;

  models_node = json_object_get_member (provider, "models");
  if (models_node == NULL || !JSON_NODE_HOLDS_ARRAY (models_node))
    return fail (error, "a provider has no list of models");
  models = json_node_get_array (models_node);

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      g_autoptr(ChatroutesModelInfo) info = NULL;
      JsonNode *model_node = json_array_get_element (models, i);
      JsonObject *model;
      const char *model_id, *model_name, *note;

      if (!JSON_NODE_HOLDS_OBJECT (model_node))
        return fail (error, "a model is not an object");
      model = json_node_get_object (model_node);

      model_id = get_string (model, "id");
      if (model_id == NULL || *model_id == '\0')
        return fail (error, "a model has no id");
      if (g_hash_table_contains (self->by_id, model_id))
        return fail (error, "a model id appears twice");
      model_name = get_string (model, "name");
      if (model_name == NULL || *model_name == '\0')
        model_name = model_id;
      note = get_string (model, "note");
      if (note != NULL && *note == '\0')
        note = NULL;

      info = g_object_new (CHATROUTES_TYPE_MODEL_INFO, NULL);
      info->id = g_strdup (model_id);
      info->name = g_strdup (model_name);
      info->note = g_strdup (note);
      info->provider_id = g_strdup (id);
      info->provider_name = g_strdup (name);
      info->temperature_min = proto->temperature_min;
      info->temperature_max = proto->temperature_max;
      info->temperature_default = proto->temperature_default;

      g_list_store_append (self->models, info);
      g_hash_table_insert (self->by_id, info->id, info);
    }

  return TRUE;
}

static gboolean
parse_document (ChatroutesModelCatalog *self,
                const char             *json,
                gssize                  len,
                GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *providers_node;
  JsonArray *providers;
  const char *default_id;

  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                   "Invalid model list: %s", local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "the document is not an object");
  object = json_node_get_object (root);

  if (json_object_has_member (object, "version"))
    {
      double version = 0;

      if (!get_number (object, "version", &version) || version != 1.0)
        return fail (error, "unknown version");
    }

  providers_node = json_object_get_member (object, "providers");
  if (providers_node == NULL || !JSON_NODE_HOLDS_ARRAY (providers_node))
    return fail (error, "no list of providers");
  providers = json_node_get_array (providers_node);

  for (guint i = 0; i < json_array_get_length (providers); i++)
    if (!parse_provider (self, json_array_get_element (providers, i), error))
      return FALSE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->models)) == 0)
    return fail (error, "no models");

  if (json_object_has_member (object, "default"))
    {
      default_id = get_string (object, "default");
      if (default_id == NULL)
        return fail (error, "the default is not a string");
      if (!g_hash_table_contains (self->by_id, default_id))
        return fail (error, "the default is not a listed model");
      self->default_id = g_strdup (default_id);
    }
  else
    {
      g_autoptr(ChatroutesModelInfo) first = g_list_model_get_item (G_LIST_MODEL (self->models), 0);
      self->default_id = g_strdup (first->id);
    }

  return TRUE;
}

ChatroutesModelCatalog *
chatroutes_model_catalog_new_from_data (const char  *json,
                                        gssize       len,
                                        GError     **error)
{
  g_autoptr(ChatroutesModelCatalog) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CHATROUTES_TYPE_MODEL_CATALOG, NULL);
  if (!parse_document (self, json, len, error))
    return NULL;
  return g_steal_pointer (&self);
}

ChatroutesModelCatalog *
chatroutes_model_catalog_load (const char  *resource_path,
                               GError     **error)
{
  g_autofree char *override = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  g_return_val_if_fail (resource_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  override = g_build_filename (g_get_user_config_dir (), "chatroutes", "models.json", NULL);
  if (g_file_get_contents (override, &contents, &length, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      ChatroutesModelCatalog *catalog;

      catalog = chatroutes_model_catalog_new_from_data (contents, (gssize) length, &local_error);
      if (catalog != NULL)
        return catalog;
      g_debug ("Ignoring %s: %s", override, local_error->message);
    }

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  {
    gsize size = 0;
    const char *data = g_bytes_get_data (bytes, &size);

    return chatroutes_model_catalog_new_from_data (data != NULL ? data : "", (gssize) size, error);
  }
}

GListModel *
chatroutes_model_catalog_get_models (ChatroutesModelCatalog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_CATALOG (self), NULL);
  return G_LIST_MODEL (self->models);
}

const char *
chatroutes_model_catalog_get_default_id (ChatroutesModelCatalog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_CATALOG (self), NULL);
  return self->default_id;
}

ChatroutesModelInfo *
chatroutes_model_catalog_lookup (ChatroutesModelCatalog *self,
                                 const char             *model_id)
{
  g_return_val_if_fail (CHATROUTES_IS_MODEL_CATALOG (self), NULL);

  if (model_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, model_id);
}
