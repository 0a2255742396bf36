/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue.h: the hall's services, read from one JSON file per service.
 *
 * A hall edits assets/services/ without a rebuild; the kiosk validates the
 * whole folder at start-up and refuses to run a catalogue with any problem,
 * so a typo is caught by the technician, never by a citizen half-way through
 * a case. assets/services/SCHEMA.md describes the format; this loader is the
 * source of truth for it.
 *
 * Everything a catalogue hands out (services, their materials, steps,
 * strings) is owned by the catalogue and stays valid while a reference to the
 * catalogue is held. The catalogue is immutable once loaded, so threads may
 * share it. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ANYI_CATALOGUE_ERROR (anyi_catalogue_error_quark())
GQuark anyi_catalogue_error_quark(void);

typedef enum {
  ANYI_CATALOGUE_ERROR_IO,      /* the folder or a file could not be read */
  ANYI_CATALOGUE_ERROR_INVALID, /* one or more files break the schema */
} AnyiCatalogueError;

/* A text the kiosk shows or speaks, in both languages. Never NULL members. */
typedef struct {
  const char *zh;
  const char *en;
} AnyiText;

typedef enum {
  ANYI_COMPLETION_KIOSK,          /* 全程网办: the case is finished at the kiosk */
  ANYI_COMPLETION_START_AT_KIOSK, /* the kiosk prepares the case, a window finishes it */
} AnyiCompletion;

/* Which cards the ID reader may present (domain.md §2); a bit set. */
typedef enum {
  ANYI_CARD_RESIDENT = 1 << 0,
  ANYI_CARD_HK_MO_TW_PERMIT = 1 << 1,
  ANYI_CARD_FOREIGN_PERMANENT = 1 << 2,
} AnyiCardTypes;

typedef enum {
  ANYI_MATERIAL_ESSENTIAL, /* without it the case is handed off */
  ANYI_MATERIAL_SECONDARY, /* may come later under 容缺受理 if may_be_missing */
} AnyiMaterialKind;

typedef enum {
  ANYI_CAPTURE_NONE,            /* only a window can take it (an original to keep or stamp) */
  ANYI_CAPTURE_DOCUMENT_CAMERA, /* 高拍仪 */
  ANYI_CAPTURE_PHOTO,           /* GA 461 photo from the face camera */
  ANYI_CAPTURE_CARD,            /* the ID reader */
} AnyiCapture;

typedef struct {
  const char *id;
  AnyiText names;
  AnyiMaterialKind kind;
  AnyiCapture capture;
  gboolean may_be_missing; /* only ever TRUE for secondary materials */
  AnyiText when;           /* when it is needed; empty strings if always */
} AnyiMaterial;

typedef struct {
  const char *id;
  AnyiText question;
  gboolean ineligible_answer; /* the yes/no answer that ends in a handoff */
  AnyiText handoff_reason;    /* told to the citizen and written in the handoff */
} AnyiQuestion;

typedef enum {
  ANYI_FIELD_MOBILE,       /* mainland mobile number, 11 digits */
  ANYI_FIELD_CHINESE_NAME, /* Han characters, with · for names of several parts */
  ANYI_FIELD_DATE,         /* YYYY-MM-DD */
  ANYI_FIELD_CHOICE,       /* one of choices[] by id */
  ANYI_FIELD_TEXT,         /* free text of at most max_length characters */
  ANYI_FIELD_ID_NUMBER,    /* citizen ID number (GB 11643), check character verified */
} AnyiFieldValidator;

typedef enum {
  ANYI_DATE_ANY,
  ANYI_DATE_PAST,   /* today or earlier */
  ANYI_DATE_FUTURE, /* today or later */
} AnyiDateRange;

typedef struct {
  const char *id;
  AnyiText label;
} AnyiChoice;

typedef struct {
  const char *id;
  AnyiText label;
  AnyiFieldValidator validator;
  gboolean required;
  guint max_length; /* text: characters; 0 for other validators */
  AnyiDateRange date_range;
  const AnyiChoice *choices;
  guint n_choices;
} AnyiFormField;

typedef enum {
  ANYI_STEP_READ_CARD,
  ANYI_STEP_PHOTO,
  ANYI_STEP_CAPTURE_DOCUMENT,
  ANYI_STEP_QUESTIONS,
  ANYI_STEP_FORM,
  ANYI_STEP_PAYMENT,
  ANYI_STEP_CONFIRM,
  ANYI_STEP_RESULT,
} AnyiStepType;

/* What a result step prints; a bit set. */
typedef enum {
  ANYI_PRINT_RECEIPT = 1 << 0,          /* 80 mm slip */
  ANYI_PRINT_LEAFLET = 1 << 1,          /* A4 办事指南 from anyi_catalogue_leaflet_data() */
  ANYI_PRINT_APPLICATION_FORM = 1 << 2, /* A4 form pre-filled for the window */
  ANYI_PRINT_QUEUE_TICKET = 1 << 3,     /* 80 mm ticket for a window */
} AnyiPrints;

typedef struct {
  AnyiStepType type;
  AnyiText prompt;              /* spoken and shown; empty strings if the step has none */
  const AnyiMaterial *material; /* capture-document: what is captured */
  const AnyiFormField *fields;  /* form */
  guint n_fields;
  const AnyiQuestion *const *questions; /* questions: the ones asked here, in order */
  guint n_questions;
  AnyiText shows;    /* result: what the screen shows */
  AnyiPrints prints; /* result */
} AnyiStep;

typedef enum {
  ANYI_WAIVER_WAIVE, /* nothing to pay */
  ANYI_WAIVER_HALVE, /* half, rounded down to the fen */
} AnyiWaiverEffect;

typedef struct {
  const char *id;
  AnyiText names;
  AnyiText condition;
  AnyiWaiverEffect effect;
  const AnyiMaterial *proof; /* the material that proves the condition, or NULL */
} AnyiWaiver;

typedef struct {
  gint64 amount_fen; /* 0 for a free service */
  const AnyiWaiver *waivers;
  guint n_waivers;
} AnyiFee;

typedef enum {
  ANYI_DAYS_WORKING,
  ANYI_DAYS_CALENDAR,
} AnyiDayKind;

typedef struct {
  guint days; /* 0: done on the spot */
  AnyiDayKind kind;
  AnyiText note;
} AnyiTimeLimit;

typedef enum {
  ANYI_COLLECT_NONE = 1 << 0,        /* nothing to collect (a query, a booking) */
  ANYI_COLLECT_KIOSK_PRINT = 1 << 1, /* printed by the kiosk before the citizen leaves */
  ANYI_COLLECT_WINDOW = 1 << 2,
  ANYI_COLLECT_POST = 1 << 3,   /* EMS to the citizen's address */
  ANYI_COLLECT_ONLINE = 1 << 4, /* downloaded from the provincial platform */
} AnyiCollectMethods;

typedef struct {
  AnyiCollectMethods methods;
  AnyiText text;
} AnyiCollection;

typedef enum {
  ANYI_SERVICE_SPECIAL_CASE = 1 << 0,         /* always handed off after what the kiosk collects */
  ANYI_SERVICE_REQUIRES_PHOTO = 1 << 1,       /* a GA 461 photo is taken */
  ANYI_SERVICE_REQUIRES_FINGERPRINT = 1 << 2, /* without a fingerprint reader: handoff */
  ANYI_SERVICE_BUNDLE = 1 << 3,               /* 一件事: several offices' items at once */
  ANYI_SERVICE_AGENT_ALLOWED = 1 << 4,        /* someone may apply for the person concerned */
} AnyiServiceFlags;

/* Validity of a card issued at a given age (居民身份证法 §5). */
typedef struct {
  guint min_age;
  guint max_age; /* inclusive; G_MAXUINT when open-ended */
  guint years;   /* 0 when long_term */
  gboolean long_term;
} AnyiValidityBand;

typedef struct {
  const char *path; /* JSON path in the service's file, e.g. $.fee.amount_fen */
  const char *note; /* what the hall is asked to confirm */
} AnyiAwaiting;

typedef struct {
  const char *id;
  AnyiText names;
  AnyiText summary; /* what it holds, in plain words; empty strings if none */
  int order;
  const char *icon;
} AnyiCategory;

typedef struct {
  const char *id;
  const char *file; /* base name of the file it came from, for messages */
  int order;
  const AnyiCategory *category;
  const char *icon;
  AnyiText names;
  AnyiText prompt;
  AnyiCompletion completion;
  guint min_age;
  guint max_age; /* G_MAXUINT when there is no upper limit */
  AnyiCardTypes card_types;
  const AnyiQuestion *questions;
  guint n_questions;
  const AnyiMaterial *materials;
  guint n_materials;
  const AnyiStep *steps;
  guint n_steps;
  AnyiFee fee;
  AnyiTimeLimit time_limit;
  const AnyiText *legal_basis;
  guint n_legal_basis;
  AnyiCollection collection;
  AnyiServiceFlags flags;
  const AnyiText *bundle_items; /* 一件事: what the bundle covers */
  guint n_bundle_items;
  const AnyiValidityBand *validity; /* services that issue a card; else NULL */
  guint n_validity;
  AnyiText guidance_materials;
  AnyiText guidance_steps;
  AnyiText guidance_notes;
  const char *online_link;
  const AnyiAwaiting *awaiting;
  guint n_awaiting;
} AnyiService;

/* One problem found while loading: file base name, JSON path, sentence. */
typedef struct {
  char *file;
  char *path;
  char *message;
} AnyiCatalogueProblem;

void anyi_catalogue_problem_free(AnyiCatalogueProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiCatalogueProblem, anyi_catalogue_problem_free)

#define ANYI_TYPE_CATALOGUE (anyi_catalogue_get_type())
G_DECLARE_FINAL_TYPE(AnyiCatalogue, anyi_catalogue, ANYI, CATALOGUE, GObject)

/* Loads and validates every *.json in @dir (categories.json holds the
 * categories, every other file one service). On any problem returns NULL
 * with ANYI_CATALOGUE_ERROR_INVALID whose message has one line per problem,
 * "FILE: PATH: problem", sorted by file. */
AnyiCatalogue *anyi_catalogue_load(const char *dir, GError **error);

/* Like anyi_catalogue_load(); also hands out the problems one by one
 * (a GPtrArray of AnyiCatalogueProblem, owned by the caller) when
 * @problems is not NULL, whether or not loading succeeded. */
AnyiCatalogue *anyi_catalogue_load_full(const char *dir, GPtrArray **problems, GError **error);

/* The services folder of the running kiosk: $ANYI_ASSETS_DIR/services, or the
 * compiled-in assets folder. */
char *anyi_catalogue_default_dir(void);

/* The service with @id, or NULL. */
const AnyiService *anyi_catalogue_lookup(AnyiCatalogue *self, const char *id);

/* Services in display order: by category order, then the service's order,
 * then id. @index < anyi_catalogue_get_n_services(). */
guint anyi_catalogue_get_n_services(AnyiCatalogue *self);
const AnyiService *anyi_catalogue_get_service(AnyiCatalogue *self, guint index);

/* Categories in display order. */
guint anyi_catalogue_get_n_categories(AnyiCatalogue *self);
const AnyiCategory *anyi_catalogue_get_category(AnyiCatalogue *self, guint index);

/* Looks up a material, question or waiver of @service by id; NULL if none. */
const AnyiMaterial *anyi_catalogue_service_material(const AnyiService *service, const char *id);
const AnyiQuestion *anyi_catalogue_service_question(const AnyiService *service, const char *id);
const AnyiWaiver *anyi_catalogue_service_waiver(const AnyiService *service, const char *id);

/* The fee in fen with the waiver @waiver_id applied (NULL: no waiver);
 * -1 if @service has no such waiver. */
gint64 anyi_catalogue_service_fee(const AnyiService *service, const char *waiver_id);
/* @fen in yuan with its two decimals ("20.00"), as screens and documents
 * show an amount. */
char *anyi_yuan_text(gint64 fen);

/* Whole years of age on @today for someone born on @birth. A year is
 * complete on the birthday; a 29 February birthday is reached on 1 March in
 * common years. -1 if @birth is after @today. */
int anyi_age_in_years(const GDate *birth, const GDate *today);

typedef enum {
  ANYI_AGE_OK,
  ANYI_AGE_TOO_YOUNG,
  ANYI_AGE_TOO_OLD,
  ANYI_AGE_NOT_BORN, /* birth date after today: a misread card or a typo */
} AnyiAgeCheck;

AnyiAgeCheck anyi_catalogue_service_check_age(const AnyiService *service, const GDate *birth,
                                              const GDate *today);

/* Whether @service accepts @card (a single AnyiCardTypes bit). */
gboolean anyi_catalogue_service_accepts_card(const AnyiService *service, AnyiCardTypes card);

/* The validity band that applies to a card issued on @today to someone born
 * on @birth, or NULL if the service issues no card (or @birth is bad). */
const AnyiValidityBand *anyi_catalogue_service_validity(const AnyiService *service,
                                                        const GDate *birth, const GDate *today);

/* Whether any material of @service may be missing under 容缺受理. */
gboolean anyi_catalogue_service_allows_missing(const AnyiService *service);

typedef enum {
  ANYI_MATERIALS_COMPLETE,       /* nothing missing */
  ANYI_MATERIALS_ACCEPT_MISSING, /* only may_be_missing materials: 容缺受理 with a commitment */
  ANYI_MATERIALS_HANDOFF,        /* an essential (or not-to-be-missed) material is missing */
} AnyiMaterialsVerdict;

/* Judges a case whose citizen lacks the materials @missing_ids (NULL-
 * terminated; NULL for none). The proof of a waiver other than
 * @claimed_waiver (NULL: none claimed) is not needed and is ignored.
 * On ANYI_MATERIALS_HANDOFF, *blocking (if not NULL) is the first material
 * that forces the handoff, for the handoff record. Unknown ids are a
 * programming error and force a handoff. */
AnyiMaterialsVerdict anyi_catalogue_service_judge_missing(const AnyiService *service,
                                                          const char *const *missing_ids,
                                                          const char *claimed_waiver,
                                                          const AnyiMaterial **blocking);

/* Decides whether a date is a working day; the hall's calendar knows the
 * public holidays and the weekend days worked in their place (调休). */
typedef gboolean (*AnyiWorkingDayFunc)(const GDate *date, gpointer user_data);

/* The last day of @service's time limit for a case accepted on @accepted:
 * calendar days are added as they are; working days are counted from the
 * next day on, by @is_working_day (NULL: Monday to Friday). A limit of 0
 * days is @accepted itself. A 容缺受理 deadline must not fall after it. */
void anyi_catalogue_service_deadline(const AnyiService *service, const GDate *accepted,
                                     AnyiWorkingDayFunc is_working_day, gpointer user_data,
                                     GDate *deadline);

/* Everything the leaflet (办事指南) prints, as a JSON object: names, category,
 * completion, who may apply, materials, steps, fee with each waiver's amount,
 * time limit, legal basis, collection, guidance, online link and the facts
 * awaiting confirmation. New reference. */
JsonNode *anyi_catalogue_service_to_json(const AnyiService *service);

/* The data of the printed guidance leaflet (print-templates/
 * guidance-leaflet.json) in Chinese: who, where, materials with how each
 * is handed in, steps, fees and waivers, time limit, collection, tips and
 * the online link. New object. */
JsonObject *anyi_catalogue_leaflet_data(const AnyiService *service, const char *hall,
                                        const char *hotline, const GDate *today);

/* Names used in the files, for messages and JSON output. */
const char *anyi_completion_to_string(AnyiCompletion completion);
const char *anyi_step_type_to_string(AnyiStepType type);

G_END_DECLS
