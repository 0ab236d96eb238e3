/* SPDX-License-Identifier: MIT */
#pragma once

#include <json-glib/json-glib.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

/* One exit status per error class; documented in --help. */
typedef enum
{
  CLI_EXIT_OK           = 0,
  CLI_EXIT_FAILURE      = 1,
  CLI_EXIT_USAGE        = 2,
  CLI_EXIT_AUTH         = 3,
  CLI_EXIT_NOT_FOUND    = 4,
  CLI_EXIT_VALIDATION   = 5,
  CLI_EXIT_RATE_LIMITED = 6,
  CLI_EXIT_SERVER       = 7,
  CLI_EXIT_NETWORK      = 8,
  CLI_EXIT_PROTOCOL     = 9,
  CLI_EXIT_INSECURE     = 10,
  CLI_EXIT_INTERRUPTED  = 11,
  CLI_EXIT_CANCELLED    = 130,
} CliExit;

/* Everything a command needs while it runs. */
typedef struct
{
  ChatroutesService *service;
  GCancellable      *cancellable;
  GAsyncResult      *result;      /* set by cli_async_done() */
  ChatroutesStream  *stream;      /* the reply streaming now, if any */
  gboolean           streamed;    /* the command streamed a reply */
  gboolean           json;
  gboolean           quiet;
  gboolean           stderr_is_tty;
  gboolean           interrupted; /* Ctrl+C was pressed */
} CliContext;

/* A double option that was not given. */
#define CLI_UNSET_DOUBLE (-G_MAXDOUBLE)

/* Options of the verbs. Only one verb runs per process, so they share
 * one set of storage; cli_options_reset() sets the "not given" values. */
typedef struct
{
  int       page;
  int       limit;
  char     *filter;
  gboolean  all_pages;
  char     *model;
  char     *branch;
  double    temperature;
  int       max_tokens;
  gboolean  stream;
  gboolean  full;
  char     *from;
  char     *description;
  char     *context;
  int       count;
  double    threshold;
  gboolean  no_hybrid;
  gboolean  health;
  char     *llm_model;
  char     *llm_provider;
} CliOptions;

extern CliOptions cli_options;

void          cli_options_reset        (void);

/* Async plumbing: pass cli_async_done and the context as callback and data,
 * then cli_wait() returns the result once the operation finished. */
void          cli_async_done           (GObject       *source,
                                        GAsyncResult  *result,
                                        gpointer       user_data);
GAsyncResult *cli_wait                 (CliContext    *ctx) G_GNUC_WARN_UNUSED_RESULT;

/* Prints "chatroutes-cli: <message>" on stderr. */
void          cli_printerr             (const char    *format,
                                        ...) G_GNUC_PRINTF (1, 2);
/* Reports @error on stderr and returns the exit status of its class. */
int           cli_report_error         (CliContext    *ctx,
                                        const GError  *error);
int           cli_exit_status_for_error (const GError *error);

/* Output helpers */
void          cli_print_json           (JsonNode      *node);
char         *cli_relative_time        (const char    *iso8601) G_GNUC_WARN_UNUSED_RESULT;
char         *cli_snippet              (const char    *text,
                                        guint          max_width) G_GNUC_WARN_UNUSED_RESULT;
guint         cli_text_width           (const char    *text);
guint         cli_terminal_width       (void);

/* A table printed with aligned columns. */
typedef struct _CliTable CliTable;

CliTable     *cli_table_new            (guint          n_columns,
                                        ...) G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
void          cli_table_add_row        (CliTable      *table,
                                        ...) G_GNUC_NULL_TERMINATED;
guint         cli_table_get_n_rows     (CliTable      *table);
void          cli_table_print          (CliTable      *table);
void          cli_table_free           (CliTable      *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTable, cli_table_free)

/* Resources → JSON with the contract's camelCase names. */
JsonNode     *cli_json_conversation    (ChatroutesConversation     *conversation) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_message         (ChatroutesMessage          *message) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_branch          (ChatroutesBranch           *branch) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_checkpoint      (ChatroutesCheckpoint       *checkpoint) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_usage           (ChatroutesUsage            *usage) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_send_result     (ChatroutesSendResult       *result) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_tree            (ChatroutesTree             *tree) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_suggestions     (ChatroutesSuggestionResult *result) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_health          (ChatroutesHealth           *health) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *cli_json_account         (ChatroutesAccount          *account) G_GNUC_WARN_UNUSED_RESULT;
/* A JSON array of the items of @model, each turned into JSON by @func. */
JsonNode     *cli_json_list            (GListModel                 *model,
                                        JsonNode                *(*func) (gpointer item)) G_GNUC_WARN_UNUSED_RESULT;

/* Human output of trees. */
void          cli_print_tree           (ChatroutesTree             *tree);

/* The commands. Each returns an exit status. */
typedef int (*CliRunFunc) (CliContext *ctx,
                           char      **args);

int cli_conversations_list   (CliContext *ctx, char **args);
int cli_conversations_create (CliContext *ctx, char **args);
int cli_conversations_get    (CliContext *ctx, char **args);
int cli_conversations_rename (CliContext *ctx, char **args);
int cli_conversations_delete (CliContext *ctx, char **args);
int cli_conversations_tree   (CliContext *ctx, char **args);
int cli_messages_send        (CliContext *ctx, char **args);
int cli_messages_list        (CliContext *ctx, char **args);
int cli_messages_edit        (CliContext *ctx, char **args);
int cli_messages_delete      (CliContext *ctx, char **args);
int cli_messages_verify      (CliContext *ctx, char **args);
int cli_branches_list        (CliContext *ctx, char **args);
int cli_branches_create      (CliContext *ctx, char **args);
int cli_branches_fork        (CliContext *ctx, char **args);
int cli_branches_rename      (CliContext *ctx, char **args);
int cli_branches_delete      (CliContext *ctx, char **args);
int cli_branches_messages    (CliContext *ctx, char **args);
int cli_branches_send        (CliContext *ctx, char **args);
int cli_branches_merge       (CliContext *ctx, char **args);
int cli_checkpoints_list     (CliContext *ctx, char **args);
int cli_checkpoints_create   (CliContext *ctx, char **args);
int cli_checkpoints_delete   (CliContext *ctx, char **args);
int cli_checkpoints_recreate (CliContext *ctx, char **args);
int cli_suggest              (CliContext *ctx, char **args);
int cli_whoami               (CliContext *ctx, char **args);

G_END_DECLS
