/* SPDX-License-Identifier: MIT */
/* A small streaming JSON writer that appends compact JSON to a GString.
 *
 * Separators are inferred from the last byte written, so callers never
 * track commas: a value or key after '{', '[' or ':' gets none, anything
 * else gets one. Strings are escaped the way JavaScript's JSON.stringify
 * does (non-ASCII written as itself), which the content hash relies on.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void sim_json_escape_append (GString    *out,
                             const char *str,
                             gssize      len);
void sim_json_sep           (GString    *out);
void sim_json_key           (GString    *out,
                             const char *key);
void sim_json_string        (GString    *out,
                             const char *value);
void sim_json_string_len    (GString    *out,
                             const char *value,
                             gssize      len);
void sim_json_int           (GString    *out,
                             gint64      value);
void sim_json_double        (GString    *out,
                             double      value);
void sim_json_bool          (GString    *out,
                             gboolean    value);
void sim_json_null          (GString    *out);
void sim_json_begin_object  (GString    *out);
void sim_json_end_object    (GString    *out);
void sim_json_begin_array   (GString    *out);
void sim_json_end_array     (GString    *out);
void sim_json_node          (GString    *out,
                             JsonNode   *node);
void sim_json_kv_string     (GString    *out,
                             const char *key,
                             const char *value);
void sim_json_kv_int        (GString    *out,
                             const char *key,
                             gint64      value);
void sim_json_kv_double     (GString    *out,
                             const char *key,
                             double      value);
void sim_json_kv_bool       (GString    *out,
                             const char *key,
                             gboolean    value);
void sim_json_kv_null       (GString    *out,
                             const char *key);

G_END_DECLS
