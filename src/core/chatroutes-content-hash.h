/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CHATROUTES_CONTENT_HASH_UNAVAILABLE, /* the message carries no contentHash */
  CHATROUTES_CONTENT_HASH_VERIFIED,    /* one of the two serialisations matches */
  CHATROUTES_CONTENT_HASH_MISMATCH,    /* a hash is there and neither matches */
} ChatroutesContentHashResult;

typedef enum
{
  CHATROUTES_CONTENT_HASH_JS,     /* JSON.stringify: non-ASCII as itself */
  CHATROUTES_CONTENT_HASH_PYTHON, /* json.dumps default: non-ASCII as \uXXXX (surrogate pairs) */
} ChatroutesContentHashFlavour;

/*
 * The compact JSON the hash covers:
 * {"v":1,"role":…,"content":…,"model":…,"parentMessageId":…,"branchId":…,"createdAt":…}
 * NULL arguments are written as null. Returns a newly allocated string.
 */
char *chatroutes_content_hash_serialize (ChatroutesContentHashFlavour flavour,
                                         const char  *role,
                                         const char  *content,
                                         const char  *model,
                                         const char  *parent_message_id,
                                         const char  *branch_id,
                                         const char  *created_at) G_GNUC_WARN_UNUSED_RESULT;

/* Lowercase hex SHA-256 of the serialisation. */
char *chatroutes_content_hash_compute   (ChatroutesContentHashFlavour flavour,
                                         const char  *role,
                                         const char  *content,
                                         const char  *model,
                                         const char  *parent_message_id,
                                         const char  *branch_id,
                                         const char  *created_at) G_GNUC_WARN_UNUSED_RESULT;

/* Compares @expected_hash (may be NULL or empty: UNAVAILABLE; compared
 * case-insensitively) with both flavours. */
ChatroutesContentHashResult chatroutes_content_hash_check (const char *expected_hash,
                                                           const char *role,
                                                           const char *content,
                                                           const char *model,
                                                           const char *parent_message_id,
                                                           const char *branch_id,
                                                           const char *created_at);

G_END_DECLS
