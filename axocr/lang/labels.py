"""Label lexicons per field and language.

Each label has a strength: how sure we are that a value next to it is the field. Labels of
*other* things that contain a field's label ("Total Qty", "Subtotal", "Due date") are listed
too, under pseudo-fields, so that the longest label found at a place wins and "Total" inside
"Subtotal" does not count as a total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Pseudo-fields: labels that must not be read as the field whose label they contain.
IGNORE = "_ignore"
PAID = "_paid"  # cash tendered, card: amounts that are not the total
CHANGE = "_change"  # change returned; cash tendered - change = the total
ROUNDING = "_rounding"  # rounding adjustment (5-sen / 5-rappen rounding of the total)


@dataclass(frozen=True)
class Label:
    text: str
    field: str
    strength: float
    lang: str


def _labels(field: str, lang: str, strength: float, *texts: str) -> list[Label]:
    return [Label(t, field, strength, lang) for t in texts]


LABELS: list[Label] = [
    # ---- total -------------------------------------------------------------------------
    *_labels(
        "total",
        "en",
        1.0,
        "grand total",
        "total amount due",
        "amount due",
        "total due",
        "balance due",
        "total payable",
        "amount payable",
        "total amount payable",
        "invoice total",
        "total amount",
        "total to pay",
        "total incl. vat",
        "total incl vat",
        "total inc gst",
        "total incl. gst",
        "total including gst",
        "total including vat",
        "rounded total",
        "total (incl. gst)",
        "total (rm)",
        "nett total",
        "net total payable",
        "total sales (inclusive of gst)",
        "total for this invoice",
        "total inclusive gst",
        "total (inclusive of gst)",
        # after a cash-rounding adjustment: the payable amount
        "total after adj",
        "total after adjustment",
        "total after rounding",
        "total rounded",
        "amount to be paid",
        "amount to pay",
        # till-receipt abbreviations
        "amt due",
        "amt payable",
    ),
    *_labels("total", "en", 0.8, "total", "amount", "net amount", "nett", "total rm"),
    *_labels(
        "total",
        "ja",
        1.0,
        "ご請求金額",
        "ご請求額",
        "請求金額",
        "御請求金額",
        "合計金額",
        "お支払金額",
        "お支払い金額",
        "税込合計",
        "総合計",
        "請求額",
        "今回ご請求額",
        "今回請求額",
        "お買上合計",
    ),
    *_labels("total", "ja", 0.85, "合計", "総額", "計"),
    *_labels(
        "total",
        "de",
        1.0,
        "gesamtbetrag",
        "rechnungsbetrag",
        "zahlbetrag",
        "zu zahlender betrag",
        "bruttobetrag",
        "gesamtsumme",
        "endbetrag",
        "rechnungssumme",
        "summe brutto",
        "gesamt brutto",
        "zahlbetrag brutto",
        "bruttosumme",
        "fälliger betrag",
    ),
    *_labels("total", "de", 0.75, "summe", "gesamt", "betrag"),
    *_labels(
        "total",
        "fr",
        1.0,
        "total ttc",
        "montant ttc",
        "net à payer",
        "net a payer",
        "montant total",
        "total à payer",
        "montant à payer",
        "total a payer",
        "montant dû",
        "somme à payer",
        "somme a payer",
        "reste à payer",
        "montant du prélèvement",
    ),
    *_labels(
        "total",
        "nl",
        1.0,
        "totaal",
        "te betalen",
        "totaalbedrag",
        "totaal incl. btw",
        "totaal inclusief btw",
        "totaal te betalen",
        "factuurbedrag",
    ),
    # ---- subtotal ----------------------------------------------------------------------
    *_labels(
        "subtotal",
        "en",
        1.0,
        "subtotal",
        "sub total",
        "sub-total",
        "total excl. vat",
        "total excl vat",
        "total excluding vat",
        "total excl. gst",
        "total excluding gst",
        "net amount",
        "total before tax",
        "amount before tax",
        "total (excluding gst)",
        "total sales (excluding gst)",
        "total exclusive gst",
        "total excl. tax",
    ),
    *_labels("subtotal", "ja", 1.0, "小計", "税抜合計", "税抜金額", "課税対象額", "本体価格"),
    *_labels(
        "subtotal",
        "de",
        1.0,
        "nettobetrag",
        "zwischensumme",
        "summe netto",
        "gesamtbetrag netto",
        "netto",
        "nettosumme",
        "gesamt netto",
        "rechnungsbetrag netto",
        "summe positionen",
        "warenwert",
    ),
    *_labels(
        "subtotal",
        "fr",
        1.0,
        "total ht",
        "montant ht",
        "sous-total",
        "sous total",
        "total hors taxes",
    ),
    *_labels(
        "subtotal", "nl", 1.0, "subtotaal", "totaal excl. btw", "totaal exclusief btw", "netto"
    ),
    # ---- tax ---------------------------------------------------------------------------
    *_labels(
        "tax",
        "en",
        1.0,
        "vat",
        "tax",
        "sales tax",
        "gst",
        "total tax",
        "total gst",
        "vat amount",
        "tax amount",
        "gst amount",
        "total vat",
        "gst 6%",
        "vat 20%",
        "igst",
        "cgst",
        "sgst",
    ),
    *_labels(
        "tax",
        "ja",
        1.0,
        "消費税",
        "消費税等",
        "消費税額",
        "消費税合計",
        "内消費税",
        "税額",
        "内税",
        "外税",
    ),
    *_labels(
        "tax",
        "de",
        1.0,
        "mwst",
        "mwst.",
        "umsatzsteuer",
        "ust",
        "ust.",
        "mehrwertsteuer",
        "steuerbetrag",
        "summe ust",
    ),
    *_labels("tax", "fr", 1.0, "tva", "montant tva", "total tva"),
    *_labels("tax", "nl", 1.0, "btw", "btw-bedrag", "totaal btw"),
    # ---- invoice date -------------------------------------------------------------------
    *_labels(
        "invoice_date",
        "en",
        1.0,
        "invoice date",
        "date of invoice",
        "invoice dated",
        "date of issue",
        "issue date",
        "issued on",
        "billing date",
        "bill date",
        "tax point date",
        "document date",
        "receipt date",
        "order date & time",
    ),
    *_labels("invoice_date", "en", 0.7, "date", "dated", "date:"),
    *_labels(
        "invoice_date",
        "ja",
        1.0,
        "請求日",
        "発行日",
        "請求書発行日",
        "発行年月日",
        "請求年月日",
        "作成日",
    ),
    *_labels("invoice_date", "ja", 0.75, "日付", "年月日", "取引日"),
    *_labels(
        "invoice_date",
        "de",
        1.0,
        "rechnungsdatum",
        "belegdatum",
        "ausstellungsdatum",
        "datum der rechnung",
        "rechnungs-datum",
        "abrechnungsdatum",
    ),
    *_labels("invoice_date", "de", 0.7, "datum"),
    *_labels(
        "invoice_date",
        "fr",
        1.0,
        "date de facture",
        "date de facturation",
        "date d'émission",
        "date d’émission",
        "date facture",
        "facture du",
    ),
    *_labels("invoice_date", "nl", 1.0, "factuurdatum", "datum factuur"),
    # ---- due date ----------------------------------------------------------------------
    *_labels(
        "due_date",
        "en",
        1.0,
        "due date",
        "payment due",
        "due on",
        "pay by",
        "payment date",
        "date due",
        "due by",
        "payable by",
        "payment due date",
    ),
    *_labels("due_date", "en", 0.8, "due"),
    *_labels(
        "due_date",
        "ja",
        1.0,
        "支払期限",
        "お支払期限",
        "お支払い期限",
        "支払期日",
        "お振込期限",
        "振込期限",
        "お支払期日",
        "支払日",
    ),
    *_labels(
        "due_date",
        "de",
        1.0,
        "fälligkeitsdatum",
        "fällig am",
        "zahlbar bis",
        "zahlungsziel",
        "fällig bis",
        "zahlungsdatum",
        "fälligkeit",
    ),
    *_labels(
        "due_date",
        "fr",
        1.0,
        "date d'échéance",
        "date d’échéance",
        "échéance",
        "date limite de paiement",
    ),
    *_labels("due_date", "nl", 1.0, "vervaldatum", "uiterste betaaldatum", "te betalen voor"),
    # ---- invoice number ----------------------------------------------------------------
    *_labels(
        "invoice_number",
        "en",
        1.0,
        "invoice number",
        "invoice no",
        "invoice no.",
        "invoice #",
        "invoice nr",
        "inv no",
        "inv. no.",
        "invoice id",
        "bill no",
        "bill number",
        "receipt no",
        "receipt number",
        "document no",
        "document number",
        "tax invoice no",
        "invoice num",
        "inv #",
        "invoice ref",
    ),
    *_labels(
        "invoice_number",
        "en",
        0.55,
        "invoice",
        "no.",
        "number",
        "ref",
        "reference",
        "doc no",
        "nr.",
        "n°",
        "nº",
    ),
    *_labels(
        "invoice_number",
        "en",
        0.7,
        "booking id",
        "booking no",
        "reservation no",
        "transaction no",
        "folio no",
    ),
    *_labels(
        "invoice_number",
        "ja",
        1.0,
        "請求書番号",
        "請求番号",
        "請求書no",
        "請求書no.",
        "伝票番号",
        "インボイス番号",
        "領収書番号",
        "書類番号",
        "請求no",
    ),
    *_labels(
        "invoice_number",
        "de",
        1.0,
        "rechnungsnummer",
        "rechnungsnr",
        "rechnungsnr.",
        "rechnung nr",
        "rechnung nr.",
        "rechnungs-nr",
        "rechnungs-nr.",
        "re-nr",
        "re-nr.",
        "belegnummer",
        "beleg-nr",
    ),
    *_labels(
        "invoice_number",
        "fr",
        1.0,
        "numéro de facture",
        "n° de facture",
        "facture n°",
        "facture no",
        "n° facture",
        "facture numéro",
        "no de facture",
        "numero de facture",
    ),
    *_labels(
        "invoice_number",
        "nl",
        1.0,
        "factuurnummer",
        "factuurnr",
        "factuurnr.",
        "factuur nr",
        "factuur nummer",
    ),
    # ---- registration number -------------------------------------------------------------
    *_labels(
        "registration_number",
        "ja",
        1.0,
        "登録番号",
        "適格請求書発行事業者登録番号",
        "インボイス登録番号",
        "事業者登録番号",
    ),
    # ---- labels that contain a field's label but are something else -----------------------
    *_labels(
        IGNORE,
        "en",
        1.0,
        "total qty",
        "total quantity",
        "total items",
        "total item",
        "total discount",
        "total savings",
        "total weight",
        "order number",
        "order no",
        "order #",
        "po number",
        "po no",
        "purchase order",
        "customer number",
        "customer no",
        "customer id",
        "account number",
        "account no",
        "vat no",
        "vat number",
        "vat id",
        "vat reg no",
        "gst reg no",
        "gst id",
        "gst no",
        "tax id",
        "tax number",
        "company no",
        "co. no",
        "reg no",
        "registration no",
        "phone",
        "tel",
        "fax",
        "delivery date",
        "ship date",
        "shipping date",
        "order date",
        "print date",
        "printed",
        "period",
        "billing period",
        "delivery note",
        "tax rate",
        "vat rate",
        "gst summary",
        "amount (rm)",
        "amt (rm)",
        "sales person",
        "cashier",
        "table",
        "member no",
        "card no",
        "invoice address",
        "invoice to",
        "total amount of gst",
        "gst @",
        "discount",
        "points",
        "qty",
        "unit price",
        "total excl",
        "date range",
    ),
    *_labels(
        IGNORE,
        "ja",
        1.0,
        "注文番号",
        "顧客番号",
        "お客様番号",
        "電話番号",
        "税率",
        "点数",
        "合計点数",
        "買上点数",
        "数量",
        "単価",
        "納品日",
        "注文日",
        "取引番号",
        "レシート番号",
        "会員番号",
    ),
    *_labels(
        IGNORE,
        "de",
        1.0,
        "kundennummer",
        "kunden-nr",
        "kundennr",
        "auftragsnummer",
        "auftrags-nr",
        "bestellnummer",
        "bestell-nr",
        "steuernummer",
        "ust-idnr",
        "ust-id",
        "ust.-id",
        "ust-id-nr",
        "lieferdatum",
        "leistungsdatum",
        "leistungszeitraum",
        "lieferschein",
        "telefon",
        "steuersatz",
        "abrechnungszeitraum",
        "vertragsnummer",
        "versicherungsnummer",
        "mandatsreferenz",
    ),
    *_labels(
        IGNORE,
        "fr",
        1.0,
        "n° client",
        "numéro client",
        "n° de commande",
        "numéro de commande",
        "date de commande",
        "date de livraison",
        "n° tva",
        "tva intracommunautaire",
        "siret",
        "siren",
        "taux tva",
        "n° tva intracommunautaire",
    ),
    *_labels(
        IGNORE,
        "nl",
        1.0,
        "klantnummer",
        "ordernummer",
        "bestelnummer",
        "btw-nummer",
        "btw nummer",
        "kvk",
        "leverdatum",
        "besteldatum",
        "btw-tarief",
    ),
    *_labels(
        PAID,
        "en",
        1.0,
        "cash",
        "tendered",
        "paid",
        "cash tendered",
        "payment",
        "visa",
        "mastercard",
        "credit card",
        "card",
        "amount tendered",
        "cash paid",
    ),
    *_labels(PAID, "ja", 1.0, "お預り", "お預かり", "預り", "預り金", "現金", "クレジット"),
    *_labels(PAID, "de", 1.0, "gegeben", "bar"),
    *_labels(PAID, "fr", 1.0, "espèces"),
    *_labels(CHANGE, "en", 1.0, "change", "change due", "cash change", "balance"),
    *_labels(CHANGE, "ja", 1.0, "お釣り", "お釣", "釣銭", "おつり", "釣り"),
    *_labels(CHANGE, "de", 1.0, "rückgeld", "wechselgeld"),
    *_labels(CHANGE, "fr", 1.0, "rendu", "monnaie rendue"),
    *_labels(
        ROUNDING,
        "en",
        1.0,
        "rounding",
        "rounding adj",
        "round adj",
        "rounding adjustment",
        "rounded",
        "round off",
    ),
    *_labels(ROUNDING, "de", 1.0, "rundung", "rundungsdifferenz"),
    *_labels(ROUNDING, "ja", 1.0, "端数調整", "値引端数"),
]

FIELDS_WITH_LABELS = (
    "total",
    "subtotal",
    "tax",
    "invoice_date",
    "due_date",
    "invoice_number",
    "registration_number",
)

# Words of a customer block: a name after these is the buyer, not the vendor.
CUSTOMER_MARKERS = re.compile(
    r"(?<![a-zäöüß])(bill\s*to|ship\s*to|sold\s*to|invoice\s*to|deliver\s*to|customer|client|buyer|"
    r"billed\s*to|recipient|attn|rechnungsempfänger|rechnungsadresse|lieferadresse|kunde|"
    r"empfänger|käufer|leistungsempfänger|destinataire|facturé à|adressé à|factuuradres|klant|afnemer|"
    r"adresse de livraison|delivery address|shipping address|御中|様|殿)",
    re.IGNORECASE,
)

SELLER_MARKERS = re.compile(
    r"(?<![a-zäöüß])(seller|supplier|vendor|from|issued by|verkäufer|lieferant|rechnungssteller|fournisseur|"
    r"vendeur|émetteur|leverancier|sold by|verkocht door|発行元|請求元|販売者)",
    re.IGNORECASE,
)

# Long legal forms are unambiguous anywhere in a name; short ones ("AG", "AB", "SA") are
# ordinary words or tariff zones too, so they count only at the end of a name.
LEGAL_FORMS = re.compile(
    r"(株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|\(株\)|（株）|㈱|\(有\)|㈲|"
    r"\b(?:ltd|limited|inc|incorporated|llc|llp|plc|corp|corporation|co\.?,? ltd|gmbh|mbh|"
    r"ohg|e\.k|sarl|s\.a\.r\.l|s\.a\.s|b\.v|n\.v|sdn\.? bhd|bhd|pte|pty|s\.p\.a|"
    r"private limited|pvt|s/b|sdn\.?\s*bhd\.?|a\.g|e\.v|kgaa|gbr)\b\.?|"
    r"\b(?:ag|kg|ug|eg|sa|sas|eurl|sasu|bv|nv|vof|oy|ab|as|aps|srl|spa|se|enterprise|trading)\.?\s*$)",
    re.IGNORECASE,
)

DOCUMENT_TITLES = re.compile(
    r"\b(payment receipt|sales receipt|sales invoice|commercial invoice|tax invoice|invoice|"
    r"receipt|cash receipt|official receipt|bill|credit note|"
    r"rechnung|gutschrift|quittung|facture|avoir|reçu|factuur|kwitantie|"
    r"simplified tax invoice|proforma)\b|(請求書|領収書|納品書|見積書|レシート|御請求書|適格請求書)",
    re.IGNORECASE,
)

# What tells a receipt from an invoice, for the review rules (a receipt carries no invoice
# number, and nobody should be asked for one). A title of its own:
RECEIPT_TITLES = re.compile(
    r"\b(receipt|reçu|ticket de caisse|quittung|kassenbon|kassenbeleg|kassabon|kassaticket)\b|"
    r"(領収書|領収証|レシート|お買上げ|お買い上げ)",
    re.IGNORECASE,
)
# ... or money handed over at a till and change given back, together (a "cash discount" alone
# is an invoice's payment term) ...
TILL_TENDER = re.compile(
    r"\b(cash|tendered|tender|bargeld|gegeben|espèces|contant)\b|(お預り|お預かり|現金)",
    re.IGNORECASE,
)
TILL_CHANGE = re.compile(
    r"\b(change|rückgeld|wechselgeld|rendu|monnaie rendue|wisselgeld|terug)\b|(お釣り?|おつり|釣銭)",
    re.IGNORECASE,
)
# ... or no invoice title anywhere: a bill that is not called an invoice.
INVOICE_TITLES = re.compile(
    r"\b(invoice|rechnung|facture|factuur|credit note|gutschrift|avoir|creditnota|proforma)\b|"
    r"(請求書|納品書|適格請求書)",
    re.IGNORECASE,
)

ADDRESS_HINTS = re.compile(
    r"(\b\d{4,6}\b|\b(?:street|st\.|road|rd\.?|avenue|ave\.?|lane|jalan|jln|taman|lorong|"
    r"bandar|seksyen|persiaran|lebuh|kampung|"
    r"straße|strasse|str\.|weg|platz|allee|rue|avenue|boulevard|bd|chemin|laan|straat|plein|"
    r"suite|floor|building|p\.?o\.? box|tel|fax|phone|e-mail|email)(?![a-z])|\bwww\.|"
    r"(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer)\s*\d|"
    r"〒|都|道|府|県|市|区|町|村|丁目|番地|TEL(?![a-z])|ＴＥＬ|電話)",
    re.IGNORECASE,
)

# The name after one of these in payment details is the payee, which is the issuer:
# "Titulaire du compte : NETPRESSE", "Account holder: Foo Ltd", "Kontoinhaber: Bar GmbH".
PAYEE_LABELS = re.compile(
    r"(?<![a-zäöüß])(?:(?:titulaire du compte|account holder|beneficiary(?: name)?|kontoinhaber|"
    r"zahlungsempfänger|rekeninghouder|ten name van|t\.n\.v\.?|口座名義)\s*[:：]\s*|"
    r"(?:cheques?|checks?)\s+(?:are\s+|should\s+be\s+)?(?:made\s+)?payable\s+to\s*[:：]?\s*|"
    r"payable\s+to\s*[:：]\s*)",
    re.IGNORECASE,
)

# A label whose value is the customer's name ("Nom de l'abonné", "Customer name", "お客様名").
CUSTOMER_NAME_LABELS = re.compile(
    r"^\s*(nom de l[’']abonné|nom du client|nom client|customer name|client name|"
    r"name of customer|kundenname|name des kunden|klantnaam|naam klant|お客様名|顧客名)\s*[:：]?",
    re.IGNORECASE,
)

# A label that states the invoice's currency outright ("Rechnungswährung: GBP").
CURRENCY_LABELS = re.compile(
    r"^\s*(rechnungswährung|währung|invoice currency|currency|currency code|devise|"
    r"devise de facturation|monnaie|valuta|factuurvaluta|通貨)\s*[:：]?\s*",
    re.IGNORECASE,
)
