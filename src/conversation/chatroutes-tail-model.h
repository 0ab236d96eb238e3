/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHATROUTES_TYPE_TAIL_MODEL (chatroutes_tail_model_get_type ())

G_DECLARE_FINAL_TYPE (ChatroutesTailModel, chatroutes_tail_model, CHATROUTES, TAIL_MODEL, GObject)

/*
 * The end of a list first. When a model arrives with many items at once
 * (a long conversation opening), this shows only its last few, then
 * brings older ones in a few at a time from idle callbacks, newest first,
 * up to a few screens' worth; the rest come when asked for, as a reader
 * scrolls up to them. A list view bound to it lays out and draws what a
 * person sees first, the newest messages, and keeps rows only for what is
 * near; every later change of the model passes through as it comes.
 */

ChatroutesTailModel *chatroutes_tail_model_new        (void) G_GNUC_WARN_UNUSED_RESULT;
GListModel          *chatroutes_tail_model_get_model  (ChatroutesTailModel *self);
void                 chatroutes_tail_model_set_model  (ChatroutesTailModel *self,
                                                       GListModel          *model);
/* How many of the model's first items are still held back. */
guint                chatroutes_tail_model_get_held   (ChatroutesTailModel *self);
/* While paused, nothing more is brought in by itself. */
void                 chatroutes_tail_model_set_paused (ChatroutesTailModel *self,
                                                       gboolean             paused);
/* Shows @n more of the older items. */
void                 chatroutes_tail_model_show_more  (ChatroutesTailModel *self,
                                                       guint                n);

G_END_DECLS
