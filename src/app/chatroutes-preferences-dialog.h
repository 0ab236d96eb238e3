/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-application.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_PREFERENCES_DIALOG (chatroutes_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesPreferencesDialog, chatroutes_preferences_dialog, CHATROUTES, PREFERENCES_DIALOG, AdwPreferencesDialog)

AdwDialog *chatroutes_preferences_dialog_new (ChatroutesApplication *application) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
