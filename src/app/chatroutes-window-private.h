/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-core.h"
#include "chatroutes-welcome-page.h"
#include "chatroutes-window.h"

G_BEGIN_DECLS

struct _ChatroutesWindow
{
  AdwApplicationWindow      parent_instance;

  GSettings                *settings;

  AdwToastOverlay          *toast_overlay;
  GtkStack                 *view_stack;
  ChatroutesWelcomePage    *welcome_page;
  AdwNavigationSplitView   *split_view;
  AdwNavigationPage        *sidebar_page;
  AdwNavigationPage        *content_page;
  AdwHeaderBar             *sidebar_header_bar;
  AdwHeaderBar             *content_header_bar;
  AdwWindowTitle           *content_title;
  AdwBanner                *banner;
  AdwBin                   *sidebar_bin;
  AdwBin                   *content_bin;
  GtkWidget                *sidebar_placeholder;
  GtkWidget                *content_placeholder;
  GtkWidget                *sidebar;            /* once the main view shows */
  GtkWidget                *conversation_view;
  AdwOverlaySplitView      *branch_split;
  AdwBin                   *branch_bin;
  GtkWidget                *branches_button;
  GtkWidget                *branch_panel;       /* once the main view shows */
  ChatroutesDraftStore     *drafts;

  ChatroutesProblem         banner_kind;
  guint                     sidebar_hidden : 1;
};

void _chatroutes_window_actions_init       (ChatroutesWindow *self);
void _chatroutes_window_conversations_init (ChatroutesWindow *self);
void _chatroutes_window_branches_init      (ChatroutesWindow *self);

G_END_DECLS
