/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-preferences-dialog.h"

G_BEGIN_DECLS

struct _ChatroutesPreferencesDialog
{
  AdwPreferencesDialog   parent_instance;

  ChatroutesApplication *application;
  GSettings             *settings;
  GCancellable          *cancellable;
  GListModel            *models;
  gboolean               models_from_catalog;

  AdwActionRow          *account_row;
  AdwPasswordEntryRow   *key_row;
  AdwButtonRow          *remove_key_row;
  AdwEntryRow           *base_url_row;
  AdwActionRow          *base_url_error_row;
  AdwComboRow           *model_row;
  AdwSpinRow            *timeout_row;
  AdwSpinRow            *retry_attempts_row;
  AdwSpinRow            *retry_delay_row;
};

G_END_DECLS
