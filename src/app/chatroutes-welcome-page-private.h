/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-welcome-page.h"

G_BEGIN_DECLS

struct _ChatroutesWelcomePage
{
  AdwBin             parent_instance;

  GCancellable      *cancellable;
  ChatroutesService *checking;
  ChatroutesAccount *account;
  char              *base_url;

  AdwStatusPage     *status_page;
  AdwPasswordEntryRow *key_row;
  AdwExpanderRow    *advanced_row;
  AdwEntryRow       *base_url_row;
  AdwActionRow      *base_url_error_row;
  GtkLabel          *error_label;
  GtkButton         *continue_button;
  GtkStack          *continue_stack;
};

G_END_DECLS
