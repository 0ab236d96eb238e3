/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "chatroutes-decode.h"
#include "chatroutes-service-private.h"

/* Bodies past this are refused rather than held in memory. */
#define MAX_BODY_SIZE (64 * 1024 * 1024)
/* Bodies past this are decoded off the main thread. */
#define THREADED_DECODE_SIZE (128 * 1024)

struct _ChatroutesService
{
  GObject parent_instance;

  SoupSession *session;
  char *base_url;
  char *api_key;
  char *user_agent;
  guint timeout;
  guint stream_idle_timeout;
  guint retry_attempts;
  double retry_delay;
  double max_retry_delay;
  gboolean allow_insecure;

  /* Replies still arriving, so a view can pick up one it did not start. */
  GListStore *active_streams;

  ChatroutesScheduleFunc schedule_func;
  gpointer schedule_data;
  double jitter;
  GRand *rand;
};

G_DEFINE_FINAL_TYPE (ChatroutesService, chatroutes_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_USER_AGENT,
  PROP_TIMEOUT,
  PROP_STREAM_IDLE_TIMEOUT,
  PROP_RETRY_ATTEMPTS,
  PROP_RETRY_DELAY,
  PROP_MAX_RETRY_DELAY,
  PROP_ALLOW_INSECURE,
  N_PROPS
};

enum {
  STREAM_STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (ChatroutesConversationFilter, chatroutes_conversation_filter,
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONVERSATION_FILTER_ALL, "all"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONVERSATION_FILTER_OWNED, "owned"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONVERSATION_FILTER_SHARED, "shared"))

G_DEFINE_ENUM_TYPE (ChatroutesContextMode, chatroutes_context_mode,
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONTEXT_MODE_DEFAULT, "default"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONTEXT_MODE_FULL, "FULL"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONTEXT_MODE_PARTIAL, "PARTIAL"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_CONTEXT_MODE_MINIMAL, "MINIMAL"))

const char *
chatroutes_context_mode_to_string (ChatroutesContextMode mode)
{
  switch (mode)
    {
    case CHATROUTES_CONTEXT_MODE_FULL:
      return "FULL";
    case CHATROUTES_CONTEXT_MODE_PARTIAL:
      return "PARTIAL";
    case CHATROUTES_CONTEXT_MODE_MINIMAL:
      return "MINIMAL";
    case CHATROUTES_CONTEXT_MODE_DEFAULT:
    default:
      return NULL;
    }
}

static SoupSession *
make_session (ChatroutesService *self)
{
  /* Several replies may stream at once; with libsoup's default of two
   * connections per host they would block every other request. */
  return g_object_new (SOUP_TYPE_SESSION,
                       "max-conns-per-host", 16,
                       "max-conns", 32,
                       "timeout", self->timeout,
                       "user-agent", self->user_agent,
                       NULL);
}

static void
chatroutes_service_finalize (GObject *object)
{
  ChatroutesService *self = (ChatroutesService *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->active_streams);
  g_clear_pointer (&self->base_url, g_free);
  if (self->api_key)
    memset (self->api_key, 0, strlen (self->api_key));
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (chatroutes_service_parent_class)->finalize (object);
}

static void
chatroutes_service_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChatroutesService *self = CHATROUTES_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_STREAM_IDLE_TIMEOUT:
      g_value_set_uint (value, self->stream_idle_timeout);
      break;
    case PROP_RETRY_ATTEMPTS:
      g_value_set_uint (value, self->retry_attempts);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_double (value, self->retry_delay);
      break;
    case PROP_MAX_RETRY_DELAY:
      g_value_set_double (value, self->max_retry_delay);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_service_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChatroutesService *self = CHATROUTES_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      chatroutes_service_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      chatroutes_service_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_USER_AGENT:
      g_free (self->user_agent);
      self->user_agent = g_value_dup_string (value);
      if (self->user_agent == NULL)
        self->user_agent = g_strdup ("chatroutes-gnome/" PACKAGE_VERSION);
      if (self->session)
        soup_session_set_user_agent (self->session, self->user_agent);
      break;
    case PROP_TIMEOUT:
      chatroutes_service_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_STREAM_IDLE_TIMEOUT:
      chatroutes_service_set_stream_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_ATTEMPTS:
      chatroutes_service_set_retry_attempts (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      chatroutes_service_set_retry_delay (self, g_value_get_double (value));
      break;
    case PROP_MAX_RETRY_DELAY:
      chatroutes_service_set_max_retry_delay (self, g_value_get_double (value));
      break;
    case PROP_ALLOW_INSECURE:
      chatroutes_service_set_allow_insecure (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_service_constructed (GObject *object)
{
  ChatroutesService *self = CHATROUTES_SERVICE (object);

  G_OBJECT_CLASS (chatroutes_service_parent_class)->constructed (object);

  self->session = make_session (self);
}

static void
chatroutes_service_class_init (ChatroutesServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_service_finalize;
  object_class->get_property = chatroutes_service_get_property;
  object_class->set_property = chatroutes_service_set_property;
  object_class->constructed = chatroutes_service_constructed;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, CHATROUTES_DEFAULT_BASE_URL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Write-only: the key is never read back through properties. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, "chatroutes-gnome/" PACKAGE_VERSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STREAM_IDLE_TIMEOUT] =
    g_param_spec_uint ("stream-idle-timeout", NULL, NULL, 1, 3600, 60,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RETRY_ATTEMPTS] =
    g_param_spec_uint ("retry-attempts", NULL, NULL, 0, 10, 3,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_double ("retry-delay", NULL, NULL, 0, 600, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_RETRY_DELAY] =
    g_param_spec_double ("max-retry-delay", NULL, NULL, 0, 3600, 30.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ALLOW_INSECURE] =
    g_param_spec_boolean ("allow-insecure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STREAM_STARTED] =
    g_signal_new ("stream-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHATROUTES_TYPE_STREAM);
}

static void
chatroutes_service_init (ChatroutesService *self)
{
  self->base_url = g_strdup (CHATROUTES_DEFAULT_BASE_URL);
  self->timeout = 30;
  self->stream_idle_timeout = 60;
  self->retry_attempts = 3;
  self->retry_delay = 1.0;
  self->max_retry_delay = 30.0;
  self->jitter = -1;
  self->rand = g_rand_new ();
  self->active_streams = g_list_store_new (CHATROUTES_TYPE_STREAM);
}

ChatroutesService *
chatroutes_service_new (const char *base_url,
                        const char *api_key)
{
  return g_object_new (CHATROUTES_TYPE_SERVICE,
                       "base-url", base_url ? base_url : CHATROUTES_DEFAULT_BASE_URL,
                       "api-key", api_key,
                       NULL);
}

/* Settings */

const char *
chatroutes_service_get_base_url (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), NULL);
  return self->base_url;
}

void
chatroutes_service_set_base_url (ChatroutesService *self,
                                 const char        *base_url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  if (base_url == NULL || *base_url == '\0')
    base_url = CHATROUTES_DEFAULT_BASE_URL;

  trimmed = g_strstrip (g_strdup (base_url));
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  if (g_strcmp0 (trimmed, self->base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

void
chatroutes_service_set_api_key (ChatroutesService *self,
                                const char        *api_key)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  if (g_strcmp0 (api_key, self->api_key) == 0)
    return;

  if (self->api_key)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  self->api_key = (api_key && *api_key) ? g_strstrip (g_strdup (api_key)) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
}

gboolean
chatroutes_service_has_api_key (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), FALSE);
  return self->api_key != NULL;
}

guint
chatroutes_service_get_timeout (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), 0);
  return self->timeout;
}

void
chatroutes_service_set_timeout (ChatroutesService *self,
                                guint              seconds)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == self->timeout)
    return;

  self->timeout = seconds;
  /* The session's timeout is construct-time in practice: open connections
   * keep the old one. New requests get a session with the new value. */
  if (self->session)
    {
      g_clear_object (&self->session);
      self->session = make_session (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
chatroutes_service_get_stream_idle_timeout (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), 0);
  return self->stream_idle_timeout;
}

void
chatroutes_service_set_stream_idle_timeout (ChatroutesService *self,
                                            guint              seconds)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == self->stream_idle_timeout)
    return;
  self->stream_idle_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM_IDLE_TIMEOUT]);
}

guint
chatroutes_service_get_retry_attempts (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), 0);
  return self->retry_attempts;
}

void
chatroutes_service_set_retry_attempts (ChatroutesService *self,
                                       guint              attempts)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  attempts = MIN (attempts, 10);
  if (attempts == self->retry_attempts)
    return;
  self->retry_attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_ATTEMPTS]);
}

double
chatroutes_service_get_retry_delay (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), 0);
  return self->retry_delay;
}

void
chatroutes_service_set_retry_delay (ChatroutesService *self,
                                    double             seconds)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  seconds = CLAMP (seconds, 0, 600);
  if (seconds == self->retry_delay)
    return;
  self->retry_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

double
chatroutes_service_get_max_retry_delay (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), 0);
  return self->max_retry_delay;
}

void
chatroutes_service_set_max_retry_delay (ChatroutesService *self,
                                        double             seconds)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  seconds = CLAMP (seconds, 0, 3600);
  if (seconds == self->max_retry_delay)
    return;
  self->max_retry_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_DELAY]);
}

gboolean
chatroutes_service_get_allow_insecure (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), FALSE);
  return self->allow_insecure;
}

void
chatroutes_service_set_allow_insecure (ChatroutesService *self,
                                       gboolean           allow)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  allow = !!allow;
  if (allow == self->allow_insecure)
    return;
  self->allow_insecure = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_INSECURE]);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *lower = NULL;

  if (host == NULL)
    return FALSE;

  lower = g_ascii_strdown (host, -1);
  if (g_str_equal (lower, "localhost") || g_str_has_suffix (lower, ".localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (lower);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
chatroutes_check_base_url (const char  *base_url,
                           gboolean     allow_insecure,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION,
                           "The service address is empty.");
      return FALSE;
    }

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION,
                   "“%s” is not a web address.", base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION,
                   "“%s” has no host name.", base_url);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION,
                   "The service address must start with https:// (it starts with %s://).",
                   scheme);
      return FALSE;
    }

  if (host_is_loopback (host) || allow_insecure)
    return TRUE;

  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_INSECURE,
               "Refusing to send the API key to %s over plain HTTP, where anyone on "
               "the network could read it. Use an https:// address.", host);
  return FALSE;
}

/* Private API */

void
_chatroutes_service_set_schedule_func (ChatroutesService      *self,
                                       ChatroutesScheduleFunc  func,
                                       gpointer                user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  self->schedule_func = func;
  self->schedule_data = user_data;
}

void
_chatroutes_service_set_jitter (ChatroutesService *self,
                                double             jitter)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  self->jitter = jitter;
}

SoupSession *
_chatroutes_service_get_session (ChatroutesService *self)
{
  return self->session;
}

void
_chatroutes_service_get_retry_policy (ChatroutesService     *self,
                                      ChatroutesRetryPolicy *policy)
{
  policy->attempts = self->retry_attempts;
  policy->delay = self->retry_delay;
  policy->max_delay = self->max_retry_delay;
}

double
_chatroutes_service_next_jitter (ChatroutesService *self)
{
  if (self->jitter >= 0)
    return self->jitter;
  return g_rand_double (self->rand);
}

guint
_chatroutes_service_schedule (ChatroutesService *self,
                              double             seconds,
                              GSourceFunc        func,
                              gpointer           data)
{
  if (self->schedule_func)
    return self->schedule_func (seconds, func, data, self->schedule_data);
  return g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (seconds * 1000 + 0.5), func, data, NULL);
}

GError *
_chatroutes_service_map_transport_error (const GError *error,
                                         gboolean      timed_out)
{
  if (timed_out)
    return g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK,
                                "The ChatRoutes service did not answer in time.");

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                        "The ChatRoutes service sent a response that could not be read: %s",
                        error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK,
                                "The ChatRoutes service did not answer in time.");

  return g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK,
                      "Could not reach the ChatRoutes service: %s", error->message);
}

SoupMessage *
_chatroutes_service_new_message (ChatroutesService  *self,
                                 const char         *method,
                                 const char         *path,
                                 GBytes             *body,
                                 GError            **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *auth = NULL;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  if (!chatroutes_check_base_url (self->base_url, self->allow_insecure, error))
    return NULL;

  if (self->api_key == NULL)
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION,
                           "No API key is set.");
      return NULL;
    }

  url = g_strconcat (self->base_url, path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION,
                   "“%s” is not a valid address: %s", url, local_error->message);
      return NULL;
    }

  msg = soup_message_new_from_uri (method, uri);
  /* Never follow a redirect with the key: it could lead anywhere. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  auth = g_strconcat ("ApiKey ", self->api_key, NULL);
  soup_message_headers_replace (headers, "Authorization", auth);
  memset (auth, 0, strlen (auth));
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", body);

  return msg;
}

/* Requests */

typedef gpointer (*DecodeFunc) (JsonNode *body, GError **error);

typedef struct
{
  char *method;
  char *path;
  GBytes *body;
  DecodeFunc decode; /* NULL: no body expected, the result is TRUE */
  GDestroyNotify result_free;
  /* Needed to decode a conversation page. */
  guint page;
  guint limit;

  guint attempt;
  SoupMessage *msg;
  GCancellable *attempt_cancellable;
  gulong cancelled_id;
  guint deadline_id;
  guint retry_id;
  gulong wait_cancelled_id;
  gboolean timed_out;
  gboolean wrote_headers;
} Request;

static void
request_clear_attempt (Request *req,
                       GTask   *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_clear_handle_id (&req->deadline_id, g_source_remove);
  if (req->cancelled_id)
    {
      g_cancellable_disconnect (cancellable, req->cancelled_id);
      req->cancelled_id = 0;
    }
  if (req->msg)
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);
}

static void
request_free (gpointer data)
{
  Request *req = data;

  g_assert (req->msg == NULL);
  g_clear_handle_id (&req->retry_id, g_source_remove);
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req);
}

static void request_attempt (GTask *task);

static gboolean
request_deadline_cb (gpointer data)
{
  Request *req = data;

  req->deadline_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_user_cancelled_cb (GCancellable *cancellable,
                           gpointer      data)
{
  GCancellable *attempt_cancellable = data;
  g_cancellable_cancel (attempt_cancellable);
}

static void
request_wrote_headers_cb (SoupMessage *msg,
                          Request     *req)
{
  req->wrote_headers = TRUE;
}

static gboolean
request_retry_cb (gpointer data)
{
  GTask *task = data;
  Request *req = g_task_get_task_data (task);

  req->retry_id = 0;
  if (req->wait_cancelled_id)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), req->wait_cancelled_id);
      req->wait_cancelled_id = 0;
    }
  req->attempt++;
  request_attempt (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Cancelling during a wait ends it now: the next try sees the cancel and
 * returns it. The reference the wait held moves to the idle. */
static void
request_wait_cancelled_cb (GCancellable *cancellable,
                           GTask        *task)
{
  Request *req = g_task_get_task_data (task);

  if (req->retry_id == 0)
    return;
  g_source_remove (req->retry_id);
  req->retry_id = g_idle_add (request_retry_cb, task);
}

/* Either schedules another try (and returns TRUE) or returns FALSE. */
static gboolean
request_maybe_retry (GTask                    *task,
                     ChatroutesRequestOutcome  outcome,
                     const GError             *error)
{
  Request *req = g_task_get_task_data (task);
  ChatroutesService *self = g_task_get_source_object (task);
  ChatroutesRetryPolicy policy;
  double delay;

  if (g_task_return_error_if_cancelled (task))
    return TRUE;

  _chatroutes_service_get_retry_policy (self, &policy);
  if (!chatroutes_retry_should_retry (&policy, req->method, outcome, error, req->attempt,
                                      _chatroutes_service_next_jitter (self), &delay))
    return FALSE;

  g_debug ("Retrying %s %s in %.2f s (%s)", req->method, req->path, delay, error->message);
  req->retry_id = _chatroutes_service_schedule (self, delay, request_retry_cb, g_object_ref (task));
  if (g_task_get_cancellable (task))
    req->wait_cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                    G_CALLBACK (request_wait_cancelled_cb),
                                                    task, NULL);
  return TRUE;
}

/* Body → result object: the whole decode, so that for large bodies all of
 * it (parsing, building the objects, freeing the JSON tree) runs off the
 * main thread. */
static gpointer
request_decode_body (Request     *req,
                     GBytes      *bytes,
                     GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (req->decode == (DecodeFunc) chatroutes_decode_messages)
    return chatroutes_decode_messages_text (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                            MAX_BODY_SIZE, error);

  node = chatroutes_decode_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  MAX_BODY_SIZE, error);
  if (node == NULL)
    return NULL;

  if (req->decode == (DecodeFunc) chatroutes_decode_conversation_page)
    return chatroutes_decode_conversation_page (node, req->page, req->limit, error);
  return req->decode (node, error);
}

typedef struct
{
  Request *req;   /* kept alive by the outer task, held by the callback */
  GBytes *bytes;
} DecodeJob;

static void
decode_job_free (DecodeJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
request_decode_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DecodeJob *job = task_data;
  GError *error = NULL;
  gpointer result;

  result = request_decode_body (job->req, job->bytes, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->req->result_free);
}

static void
request_decoded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer decoded;

  decoded = g_task_propagate_pointer (G_TASK (result), &error);
  if (decoded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, decoded, req->result_free);
}

static void
request_handle_body (GTask  *task,
                     GBytes *bytes)
{
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  if (g_bytes_get_size (bytes) > THREADED_DECODE_SIZE)
    {
      /* Megabytes of JSON would stall the main loop. */
      g_autoptr(GTask) decode_task = g_task_new (g_task_get_source_object (task),
                                                 g_task_get_cancellable (task),
                                                 request_decoded_cb, g_object_ref (task));
      DecodeJob *job = g_new0 (DecodeJob, 1);

      job->req = req;
      job->bytes = g_bytes_ref (bytes);
      g_task_set_task_data (decode_task, job, (GDestroyNotify) decode_job_free);
      g_task_run_in_thread (decode_task, request_decode_thread);
      return;
    }

  result = request_decode_body (req, bytes, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, req->result_free);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (bytes == NULL)
    {
      g_autoptr(GError) mapped = NULL;
      ChatroutesRequestOutcome outcome;
      gboolean timed_out = req->timed_out;

      outcome = req->wrote_headers ? CHATROUTES_REQUEST_MAYBE_SENT : CHATROUTES_REQUEST_NOT_SENT;
      request_clear_attempt (req, task);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !timed_out)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      mapped = _chatroutes_service_map_transport_error (error, timed_out);
      if (!request_maybe_retry (task, outcome, mapped))
        g_task_return_error (task, g_steal_pointer (&mapped));
      return;
    }

  status = soup_message_get_status (req->msg);

  if (status >= 200 && status < 300)
    {
      request_clear_attempt (req, task);

      if (req->decode == NULL)
        g_task_return_boolean (task, TRUE);
      else
        request_handle_body (task, bytes);
      return;
    }
  else
    {
      g_autoptr(GError) status_error = NULL;
      const char *retry_after;
      gsize len;
      const char *body = g_bytes_get_data (bytes, &len);

      retry_after = soup_message_headers_get_one (soup_message_get_response_headers (req->msg),
                                                  "Retry-After");
      if (status >= 300 && status < 400)
        {
          status_error = g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                                      "The ChatRoutes service redirected the request (HTTP %u); "
                                      "check the service address.", status);
          chatroutes_error_set_status (status_error, status);
        }
      else
        status_error = chatroutes_decode_error_response (status, body, len, retry_after);

      request_clear_attempt (req, task);

      if (!request_maybe_retry (task, CHATROUTES_REQUEST_ANSWERED, status_error))
        g_task_return_error (task, g_steal_pointer (&status_error));
    }
}

static void
request_attempt (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  ChatroutesService *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  req->msg = _chatroutes_service_new_message (self, req->method, req->path, req->body, &error);
  if (req->msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  req->timed_out = FALSE;
  req->wrote_headers = FALSE;
  req->attempt_cancellable = g_cancellable_new ();
  if (cancellable)
    req->cancelled_id = g_cancellable_connect (cancellable,
                                               G_CALLBACK (request_user_cancelled_cb),
                                               g_object_ref (req->attempt_cancellable),
                                               g_object_unref);

  g_signal_connect (req->msg, "wrote-headers", G_CALLBACK (request_wrote_headers_cb), req);

  /* SoupSession's timeout bounds each socket operation; this bounds the
   * whole request. */
  req->deadline_id = g_timeout_add_seconds (self->timeout, request_deadline_cb, req);

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    req->attempt_cancellable, request_sent_cb,
                                    g_object_ref (task));
}

static GTask *
request_new (ChatroutesService   *self,
             const char          *method,
             char                *path, /* owned */
             JsonNode            *body, /* owned, nullable */
             DecodeFunc           decode,
             GDestroyNotify       result_free,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  req = g_new0 (Request, 1);
  req->method = g_strdup (method);
  req->path = path;
  req->decode = decode;
  req->result_free = result_free;
  if (body)
    {
      char *text = json_to_string (body, FALSE);
      req->body = g_bytes_new_take (text, strlen (text));
      json_node_unref (body);
    }
  g_task_set_task_data (task, req, request_free);

  return task;
}

static void
request_start (ChatroutesService   *self,
               const char          *method,
               char                *path,
               JsonNode            *body,
               DecodeFunc           decode,
               GDestroyNotify       result_free,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) task = request_new (self, method, path, body, decode, result_free,
                                       cancellable, callback, user_data, source_tag);
  request_attempt (task);
}

static gpointer
request_finish (ChatroutesService  *self,
                GAsyncResult       *result,
                gpointer            source_tag,
                GError            **error)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
request_finish_boolean (ChatroutesService  *self,
                        GAsyncResult       *result,
                        gpointer            source_tag,
                        GError            **error)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Paths and bodies */

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment ? segment : "", NULL, FALSE);
}

/* Joins a path from literal parts and ids: parts at even positions are
 * literal, at odd positions ids to escape. NULL ends the list. */
static char *
build_path (const char *first, ...)
{
  GString *path = g_string_new (first);
  va_list args;
  const char *part;
  gboolean is_id = TRUE;

  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      if (is_id)
        {
          g_autofree char *escaped = escape_segment (part);
          g_string_append (path, escaped);
        }
      else
        g_string_append (path, part);
      is_id = !is_id;
    }
  va_end (args);

  return g_string_free (path, FALSE);
}

static void
path_append_query (char       **path,
                   const char  *name,
                   const char  *value)
{
  g_autofree char *escaped = NULL;
  char *joined;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  joined = g_strdup_printf ("%s%c%s=%s", *path, strchr (*path, '?') ? '&' : '?', name, escaped);
  g_free (*path);
  *path = joined;
}

static JsonBuilder *
body_begin (void)
{
  JsonBuilder *builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  return builder;
}

static JsonNode *
body_end (JsonBuilder *builder)
{
  JsonNode *node;

  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  g_object_unref (builder);
  return node;
}

static void
body_add_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static JsonNode *
send_body (const char                  *content,
           const char                  *branch_id,
           const ChatroutesSendOptions *options)
{
  JsonBuilder *builder = body_begin ();

  body_add_string (builder, "content", content);
  if (options)
    {
      body_add_string (builder, "model", options->model);
      if (options->temperature >= 0)
        {
          json_builder_set_member_name (builder, "temperature");
          json_builder_add_double_value (builder, options->temperature);
        }
      if (options->max_tokens > 0)
        {
          json_builder_set_member_name (builder, "maxTokens");
          json_builder_add_int_value (builder, options->max_tokens);
        }
    }
  body_add_string (builder, "branchId", branch_id);
  return body_end (builder);
}

static JsonNode *
empty_body (void)
{
  return body_end (body_begin ());
}

/* Conversations */

void
chatroutes_service_create_conversation_async (ChatroutesService   *self,
                                              const char          *title,
                                              const char          *model,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (title != NULL);

  builder = body_begin ();
  body_add_string (builder, "title", title);
  body_add_string (builder, "model", model);

  request_start (self, "POST", g_strdup ("/conversations"), body_end (builder),
                 (DecodeFunc) chatroutes_decode_conversation, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_create_conversation_async);
}

ChatroutesConversation *
chatroutes_service_create_conversation_finish (ChatroutesService  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  return request_finish (self, result, chatroutes_service_create_conversation_async, error);
}

void
chatroutes_service_list_conversations_async (ChatroutesService            *self,
                                             guint                         page,
                                             guint                         limit,
                                             ChatroutesConversationFilter  filter,
                                             GCancellable                 *cancellable,
                                             GAsyncReadyCallback           callback,
                                             gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;
  g_autofree char *page_str = NULL;
  g_autofree char *limit_str = NULL;
  char *path;
  static const char *filters[] = { "all", "owned", "shared" };

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (filter <= CHATROUTES_CONVERSATION_FILTER_SHARED);

  page = MAX (page, 1);
  limit = CLAMP (limit, 1, 100);
  page_str = g_strdup_printf ("%u", page);
  limit_str = g_strdup_printf ("%u", limit);

  path = g_strdup ("/conversations");
  path_append_query (&path, "page", page_str);
  path_append_query (&path, "limit", limit_str);
  path_append_query (&path, "filter", filters[filter]);

  task = request_new (self, "GET", path, NULL,
                      (DecodeFunc) chatroutes_decode_conversation_page, g_object_unref,
                      cancellable, callback, user_data,
                      chatroutes_service_list_conversations_async);
  req = g_task_get_task_data (task);
  req->page = page;
  req->limit = limit;
  request_attempt (task);
}

ChatroutesConversationPage *
chatroutes_service_list_conversations_finish (ChatroutesService  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  return request_finish (self, result, chatroutes_service_list_conversations_async, error);
}

/* The _finish functions only differ in their name and type. */
#define DEFINE_FINISH(name, Type) \
  Type * \
  chatroutes_service_##name##_finish (ChatroutesService  *self, \
                                      GAsyncResult       *result, \
                                      GError            **error) \
  { \
    return request_finish (self, result, chatroutes_service_##name##_async, error); \
  }

#define DEFINE_FINISH_BOOLEAN(name) \
  gboolean \
  chatroutes_service_##name##_finish (ChatroutesService  *self, \
                                      GAsyncResult       *result, \
                                      GError            **error) \
  { \
    return request_finish_boolean (self, result, chatroutes_service_##name##_async, error); \
  }

void
chatroutes_service_get_conversation_async (ChatroutesService   *self,
                                           const char          *conversation_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  request_start (self, "GET", build_path ("/conversations/", conversation_id, NULL), NULL,
                 (DecodeFunc) chatroutes_decode_conversation, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_get_conversation_async);
}

DEFINE_FINISH (get_conversation, ChatroutesConversation)

void
chatroutes_service_update_conversation_async (ChatroutesService   *self,
                                              const char          *conversation_id,
                                              const char          *title,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  builder = body_begin ();
  body_add_string (builder, "title", title);

  request_start (self, "PATCH", build_path ("/conversations/", conversation_id, NULL),
                 body_end (builder),
                 (DecodeFunc) chatroutes_decode_conversation, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_update_conversation_async);
}

DEFINE_FINISH (update_conversation, ChatroutesConversation)

void
chatroutes_service_delete_conversation_async (ChatroutesService   *self,
                                              const char          *conversation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  request_start (self, "DELETE", build_path ("/conversations/", conversation_id, NULL), NULL,
                 NULL, NULL, cancellable, callback, user_data,
                 chatroutes_service_delete_conversation_async);
}

DEFINE_FINISH_BOOLEAN (delete_conversation)

void
chatroutes_service_get_tree_async (ChatroutesService   *self,
                                   const char          *conversation_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  request_start (self, "GET", build_path ("/conversations/", conversation_id, "/tree", NULL),
                 NULL, (DecodeFunc) chatroutes_decode_tree, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_get_tree_async);
}

DEFINE_FINISH (get_tree, ChatroutesTree)

/* Messages */

void
chatroutes_service_send_message_async (ChatroutesService           *self,
                                       const char                  *conversation_id,
                                       const char                  *branch_id,
                                       const char                  *content,
                                       const ChatroutesSendOptions *options,
                                       GCancellable                *cancellable,
                                       GAsyncReadyCallback          callback,
                                       gpointer                     user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (content != NULL);

  request_start (self, "POST", build_path ("/conversations/", conversation_id, "/messages", NULL),
                 send_body (content, branch_id, options),
                 (DecodeFunc) chatroutes_decode_send_result, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_send_message_async);
}

DEFINE_FINISH (send_message, ChatroutesSendResult)

static void
stream_state_changed_cb (ChatroutesStream  *stream,
                         GParamSpec        *pspec,
                         ChatroutesService *self)
{
  guint position;

  if (!chatroutes_stream_is_finished (stream))
    return;

  g_signal_handlers_disconnect_by_func (stream, stream_state_changed_cb, self);
  if (g_list_store_find (self->active_streams, stream, &position))
    g_list_store_remove (self->active_streams, position);
}

ChatroutesStream *
chatroutes_service_stream_message (ChatroutesService           *self,
                                   const char                  *conversation_id,
                                   const char                  *branch_id,
                                   const char                  *content,
                                   const ChatroutesSendOptions *options)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ChatroutesStream *stream;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  path = build_path ("/conversations/", conversation_id, "/messages/stream", NULL);
  body = send_body (content, branch_id, options);
  text = json_to_string (body, FALSE);
  bytes = g_bytes_new (text, strlen (text));

  stream = _chatroutes_stream_new (self, conversation_id, branch_id, content, path, bytes);
  g_list_store_append (self->active_streams, stream);
  g_signal_connect_object (stream, "notify::state", G_CALLBACK (stream_state_changed_cb), self, 0);
  g_signal_emit (self, signals[STREAM_STARTED], 0, stream);
  _chatroutes_stream_start (stream);

  return stream;
}

GListModel *
chatroutes_service_get_active_streams (ChatroutesService *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), NULL);
  return G_LIST_MODEL (self->active_streams);
}

ChatroutesStream *
chatroutes_service_find_active_stream (ChatroutesService *self,
                                       const char        *conversation_id,
                                       const char        *branch_id)
{
  guint n;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->active_streams));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(ChatroutesStream) stream = g_list_model_get_item (G_LIST_MODEL (self->active_streams), i - 1);

      if (g_strcmp0 (chatroutes_stream_get_conversation_id (stream), conversation_id) == 0 &&
          g_strcmp0 (chatroutes_stream_get_branch_id (stream), branch_id) == 0)
        return stream;
    }
  return NULL;
}

void
chatroutes_service_list_messages_async (ChatroutesService   *self,
                                        const char          *conversation_id,
                                        const char          *branch_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  char *path;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  path = build_path ("/conversations/", conversation_id, "/messages", NULL);
  path_append_query (&path, "branchId", branch_id);

  request_start (self, "GET", path, NULL,
                 (DecodeFunc) chatroutes_decode_messages, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_list_messages_async);
}

DEFINE_FINISH (list_messages, GListModel)

void
chatroutes_service_update_message_async (ChatroutesService   *self,
                                         const char          *message_id,
                                         const char          *content,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (message_id != NULL);
  g_return_if_fail (content != NULL);

  builder = body_begin ();
  body_add_string (builder, "content", content);

  request_start (self, "PATCH", build_path ("/messages/", message_id, NULL), body_end (builder),
                 (DecodeFunc) chatroutes_decode_message, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_update_message_async);
}

DEFINE_FINISH (update_message, ChatroutesMessage)

void
chatroutes_service_delete_message_async (ChatroutesService   *self,
                                         const char          *message_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (message_id != NULL);

  request_start (self, "DELETE", build_path ("/messages/", message_id, NULL), NULL,
                 NULL, NULL, cancellable, callback, user_data,
                 chatroutes_service_delete_message_async);
}

DEFINE_FINISH_BOOLEAN (delete_message)

/* Branches */

void
chatroutes_service_list_branches_async (ChatroutesService   *self,
                                        const char          *conversation_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  request_start (self, "GET", build_path ("/conversations/", conversation_id, "/branches", NULL),
                 NULL, (DecodeFunc) chatroutes_decode_branches, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_list_branches_async);
}

DEFINE_FINISH (list_branches, GListModel)

void
chatroutes_service_create_branch_async (ChatroutesService     *self,
                                        const char            *conversation_id,
                                        const char            *title,
                                        const char            *base_message_id,
                                        const char            *description,
                                        ChatroutesContextMode  context_mode,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (title != NULL);

  builder = body_begin ();
  body_add_string (builder, "title", title);
  body_add_string (builder, "baseNodeId", base_message_id);
  body_add_string (builder, "description", description);
  body_add_string (builder, "contextMode", chatroutes_context_mode_to_string (context_mode));

  request_start (self, "POST", build_path ("/conversations/", conversation_id, "/branches", NULL),
                 body_end (builder), (DecodeFunc) chatroutes_decode_branch, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_create_branch_async);
}

DEFINE_FINISH (create_branch, ChatroutesBranch)

void
chatroutes_service_fork_async (ChatroutesService     *self,
                               const char            *conversation_id,
                               const char            *fork_point_message_id,
                               const char            *title,
                               ChatroutesContextMode  context_mode,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (fork_point_message_id != NULL);
  g_return_if_fail (title != NULL);

  builder = body_begin ();
  body_add_string (builder, "forkPointMessageId", fork_point_message_id);
  body_add_string (builder, "title", title);
  body_add_string (builder, "contextMode", chatroutes_context_mode_to_string (context_mode));

  request_start (self, "POST", build_path ("/conversations/", conversation_id, "/fork", NULL),
                 body_end (builder), (DecodeFunc) chatroutes_decode_branch, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_fork_async);
}

DEFINE_FINISH (fork, ChatroutesBranch)

void
chatroutes_service_update_branch_async (ChatroutesService   *self,
                                        const char          *conversation_id,
                                        const char          *branch_id,
                                        const char          *title,
                                        const char          *description,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);

  builder = body_begin ();
  body_add_string (builder, "title", title);
  body_add_string (builder, "description", description);

  request_start (self, "PATCH",
                 build_path ("/conversations/", conversation_id, "/branches/", branch_id, NULL),
                 body_end (builder), (DecodeFunc) chatroutes_decode_branch, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_update_branch_async);
}

DEFINE_FINISH (update_branch, ChatroutesBranch)

void
chatroutes_service_delete_branch_async (ChatroutesService   *self,
                                        const char          *conversation_id,
                                        const char          *branch_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);

  request_start (self, "DELETE",
                 build_path ("/conversations/", conversation_id, "/branches/", branch_id, NULL),
                 NULL, NULL, NULL, cancellable, callback, user_data,
                 chatroutes_service_delete_branch_async);
}

DEFINE_FINISH_BOOLEAN (delete_branch)

void
chatroutes_service_list_branch_messages_async (ChatroutesService   *self,
                                               const char          *conversation_id,
                                               const char          *branch_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);

  request_start (self, "GET",
                 build_path ("/conversations/", conversation_id, "/branches/", branch_id,
                             "/messages", NULL),
                 NULL, (DecodeFunc) chatroutes_decode_messages, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_list_branch_messages_async);
}

DEFINE_FINISH (list_branch_messages, GListModel)

void
chatroutes_service_send_branch_message_async (ChatroutesService           *self,
                                              const char                  *conversation_id,
                                              const char                  *branch_id,
                                              const char                  *content,
                                              const ChatroutesSendOptions *options,
                                              GCancellable                *cancellable,
                                              GAsyncReadyCallback          callback,
                                              gpointer                     user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);
  g_return_if_fail (content != NULL);

  request_start (self, "POST",
                 build_path ("/conversations/", conversation_id, "/branches/", branch_id,
                             "/messages", NULL),
                 send_body (content, NULL, options),
                 (DecodeFunc) chatroutes_decode_send_result, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_send_branch_message_async);
}

DEFINE_FINISH (send_branch_message, ChatroutesSendResult)

void
chatroutes_service_merge_branch_async (ChatroutesService   *self,
                                       const char          *conversation_id,
                                       const char          *branch_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);

  request_start (self, "POST",
                 build_path ("/conversations/", conversation_id, "/branches/", branch_id,
                             "/merge", NULL),
                 empty_body (), (DecodeFunc) chatroutes_decode_branch, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_merge_branch_async);
}

DEFINE_FINISH (merge_branch, ChatroutesBranch)

/* Checkpoints */

void
chatroutes_service_list_checkpoints_async (ChatroutesService   *self,
                                           const char          *conversation_id,
                                           const char          *branch_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  char *path;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);

  path = build_path ("/conversations/", conversation_id, "/checkpoints", NULL);
  path_append_query (&path, "branchId", branch_id);

  request_start (self, "GET", path, NULL,
                 (DecodeFunc) chatroutes_decode_checkpoints, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_list_checkpoints_async);
}

DEFINE_FINISH (list_checkpoints, GListModel)

void
chatroutes_service_create_checkpoint_async (ChatroutesService   *self,
                                            const char          *conversation_id,
                                            const char          *branch_id,
                                            const char          *anchor_message_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (branch_id != NULL);
  g_return_if_fail (anchor_message_id != NULL);

  builder = body_begin ();
  body_add_string (builder, "branchId", branch_id);
  body_add_string (builder, "anchorMessageId", anchor_message_id);

  request_start (self, "POST",
                 build_path ("/conversations/", conversation_id, "/checkpoints", NULL),
                 body_end (builder), (DecodeFunc) chatroutes_decode_checkpoint, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_create_checkpoint_async);
}

DEFINE_FINISH (create_checkpoint, ChatroutesCheckpoint)

void
chatroutes_service_delete_checkpoint_async (ChatroutesService   *self,
                                            const char          *checkpoint_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (checkpoint_id != NULL);

  request_start (self, "DELETE", build_path ("/checkpoints/", checkpoint_id, NULL), NULL,
                 NULL, NULL, cancellable, callback, user_data,
                 chatroutes_service_delete_checkpoint_async);
}

DEFINE_FINISH_BOOLEAN (delete_checkpoint)

void
chatroutes_service_recreate_checkpoint_async (ChatroutesService   *self,
                                              const char          *checkpoint_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (checkpoint_id != NULL);

  request_start (self, "POST", build_path ("/checkpoints/", checkpoint_id, "/recreate", NULL),
                 empty_body (), (DecodeFunc) chatroutes_decode_checkpoint, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_recreate_checkpoint_async);
}

DEFINE_FINISH (recreate_checkpoint, ChatroutesCheckpoint)

/* Autobranch */

void
chatroutes_service_suggest_branches_async (ChatroutesService   *self,
                                           const char          *text,
                                           guint                suggestions_count,
                                           gboolean             hybrid_detection,
                                           double               threshold,
                                           const char          *llm_model,
                                           const char          *llm_provider,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  JsonBuilder *builder;

  g_return_if_fail (CHATROUTES_IS_SERVICE (self));
  g_return_if_fail (text != NULL);

  builder = body_begin ();
  body_add_string (builder, "text", text);
  json_builder_set_member_name (builder, "suggestionsCount");
  json_builder_add_int_value (builder, MAX (suggestions_count, 1));
  json_builder_set_member_name (builder, "hybridDetection");
  json_builder_add_boolean_value (builder, hybrid_detection);
  if (threshold >= 0)
    {
      json_builder_set_member_name (builder, "threshold");
      json_builder_add_double_value (builder, threshold);
    }
  body_add_string (builder, "llmModel", llm_model);
  body_add_string (builder, "llmProvider", llm_provider);

  request_start (self, "POST", g_strdup ("/autobranch/suggest-branches"), body_end (builder),
                 (DecodeFunc) chatroutes_decode_suggestions, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_suggest_branches_async);
}

DEFINE_FINISH (suggest_branches, ChatroutesSuggestionResult)

void
chatroutes_service_autobranch_health_async (ChatroutesService   *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  request_start (self, "GET", g_strdup ("/autobranch/health"), NULL,
                 (DecodeFunc) chatroutes_decode_health, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_autobranch_health_async);
}

DEFINE_FINISH (autobranch_health, ChatroutesHealth)

/* Account */

void
chatroutes_service_get_account_async (ChatroutesService   *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (CHATROUTES_IS_SERVICE (self));

  request_start (self, "GET", g_strdup ("/auth/me"), NULL,
                 (DecodeFunc) chatroutes_decode_account, g_object_unref,
                 cancellable, callback, user_data,
                 chatroutes_service_get_account_async);
}

DEFINE_FINISH (get_account, ChatroutesAccount)
