/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The models the service accepts, grouped by provider, read from data
 * (data/models.json, shipped in the application's resources) so that a
 * newer list can replace it without a new build: a models.json in the
 * user's config folder (~/.config/chatroutes/models.json) wins when it is
 * valid.
 */
#define CHATROUTES_TYPE_MODEL_INFO (chatroutes_model_info_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesModelInfo, chatroutes_model_info, CHATROUTES, MODEL_INFO, GObject)

/* Properties: id, name, note (nullable), provider-id, provider-name,
 * temperature-min, temperature-max, temperature-default. */
const char *chatroutes_model_info_get_id                  (ChatroutesModelInfo *self);
const char *chatroutes_model_info_get_name                (ChatroutesModelInfo *self);
const char *chatroutes_model_info_get_note                (ChatroutesModelInfo *self);
const char *chatroutes_model_info_get_provider_id         (ChatroutesModelInfo *self);
const char *chatroutes_model_info_get_provider_name       (ChatroutesModelInfo *self);
double      chatroutes_model_info_get_temperature_min     (ChatroutesModelInfo *self);
double      chatroutes_model_info_get_temperature_max     (ChatroutesModelInfo *self);
double      chatroutes_model_info_get_temperature_default (ChatroutesModelInfo *self);

#define CHATROUTES_TYPE_MODEL_CATALOG (chatroutes_model_catalog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesModelCatalog, chatroutes_model_catalog, CHATROUTES, MODEL_CATALOG, GObject)

/* Parses a models.json document; CHATROUTES_ERROR_PROTOCOL when malformed. */
ChatroutesModelCatalog *chatroutes_model_catalog_new_from_data (const char  *json,
                                                                gssize       len,
                                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The user's override when valid, else the resource at @resource_path. */
ChatroutesModelCatalog *chatroutes_model_catalog_load          (const char  *resource_path,
                                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* A GListModel of ChatroutesModelInfo in provider order, then file order. */
GListModel          *chatroutes_model_catalog_get_models      (ChatroutesModelCatalog *self);
const char          *chatroutes_model_catalog_get_default_id  (ChatroutesModelCatalog *self);
ChatroutesModelInfo *chatroutes_model_catalog_lookup          (ChatroutesModelCatalog *self,
                                                               const char             *model_id);

G_END_DECLS
