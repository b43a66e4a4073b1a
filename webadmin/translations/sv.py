"""Swedish texts for the portal, keyed by the English text used in code and templates."""
import re

SV: dict[str, str] = {
    # Navigation and page titles
    "Users": "Användare", "Licences": "Licenser", "Numbers": "Nummer",
    "Switchboard": "Växel", "Switchboard services": "Växeltjänster", "Audit log": "Ändringslogg",
    "Companies": "Företag", "My page": "Min sida", "Log in": "Logga in", "Log out": "Logga ut",
    "Not allowed": "Inte tillåtet", "Not found": "Hittades inte",
    "Something went wrong": "Något gick fel", "Back to the start page": "Tillbaka till startsidan",
    # Fields
    "Name": "Namn", "E-mail": "E-post", "Password": "Lösenord", "New password": "Nytt lösenord",
    "Extension": "Anknytning", "Mobile number": "Mobilnummer", "Number": "Nummer",
    "Outward caller ID": "Visat nummer utåt", "Record calls": "Spela in samtal",
    "Admin rights": "Administratörsrätt", "Rights": "Behörighet", "Label": "Benämning",
    "SIP domain": "SIP-domän", "Country": "Land", "Plan": "Abonnemang", "Kind": "Typ",
    "Term": "Villkor", "Status": "Status", "Assigned to": "Tilldelad", "Bound until": "Bunden till",
    "Routes to": "Går till", "Licence": "Licens", "Presence": "Närvaro", "Services": "Tjänster",
    "Domain": "Domän", "SIP user": "SIP-användare", "When": "När", "Who": "Vem", "What": "Vad",
    "Changes": "Ändringar", "First admin": "Första administratör",
    "2 to 6 digits": "2 till 6 siffror", "At least 10 characters.": "Minst 10 tecken.",
    "e.g. acme.vaxel.example": "t.ex. acme.vaxel.example",
    "Two letters: SE, DK, NO, FI…": "Två bokstäver: SE, DK, NO, FI…",
    "Empty shows the company's number": "Tomt visar företagets nummer",
    "Take direct calls": "Ta emot direktsamtal", "Take queue calls": "Ta emot kösamtal",
    "Otherwise forward to": "Annars vidarekoppla till", "Forward target": "Vidarekoppla till",
    "Forward after (seconds)": "Vidarekoppla efter (sekunder)",
    "Caller ID shown": "Visat nummer", "Empty keeps the user's choice": "Tomt behåller användarens val",
    "A colleague's extension, or a number": "En kollegas anknytning, eller ett nummer",
    # Buttons
    "Save": "Spara", "Edit": "Ändra", "Change": "Byt", "Assign": "Tilldela", "Activate": "Aktivera",
    "Add user": "Lägg till användare", "Remove user": "Ta bort användare", "Remove": "Ta bort",
    "Add device": "Lägg till enhet", "Add mobile twin": "Lägg till mobiltvilling",
    "Add number": "Lägg till nummer", "Buy licence": "Köp licens", "Create service": "Skapa tjänst",
    "New company": "Nytt företag", "Create company": "Skapa företag", "Done": "Klar",
    "Freeze": "Frys", "Unfreeze": "Tina upp", "Terminate": "Säg upp",
    "Upgrade to Mobile": "Uppgradera till Mobil", "Set password": "Sätt lösenord",
    "Give portal login": "Ge inloggning till portalen", "Change password": "Byt lösenord",
    # Sections and sentences
    "Devices": "Enheter", "Presence profiles": "Närvaroprofiler", "Portal login": "Portalinloggning",
    "My presence": "Min närvaro", "New device": "Ny enhet",
    "New device for %(name)s": "Ny enhet för %(name)s",
    "Logs in as %(email)s.": "Loggar in som %(email)s.",
    "Remove this user?": "Ta bort användaren?",
    "Copy the password now: it is shown only once and cannot be read again.":
        "Kopiera lösenordet nu: det visas bara en gång och kan inte läsas igen.",
    "Leave the date empty for an unbound licence.": "Lämna datumet tomt för en obunden licens.",
    "Your plan allows any number of services.": "Ditt abonnemang tillåter obegränsat antal tjänster.",
    "%(used)s of %(limit)s services in use on your plan.":
        "%(used)s av %(limit)s tjänster används i ditt abonnemang.",
    "No companies yet.": "Inga företag än.", "No users yet.": "Inga användare än.",
    "No devices yet.": "Inga enheter än.", "No licences yet.": "Inga licenser än.",
    "No numbers yet.": "Inga nummer än.", "No services yet.": "Inga tjänster än.",
    "Nothing has changed yet.": "Inget har ändrats än.",
    # Flash messages
    "%(name)s was added.": "%(name)s lades till.", "%(name)s was created.": "%(name)s skapades.",
    "%(name)s was removed.": "%(name)s togs bort.", "%(number)s was added.": "%(number)s lades till.",
    "Saved.": "Sparat.", "The device was removed.": "Enheten togs bort.",
    "The licence was bought.": "Licensen köptes.", "The mobile twin was added.": "Mobiltvillingen lades till.",
    "The portal login was saved.": "Portalinloggningen sparades.",
    "Your password was changed.": "Ditt lösenord byttes.",
    "Your presence is now %(name)s.": "Din närvaro är nu %(name)s.",
    "Wrong e-mail or password.": "Fel e-post eller lösenord.",
    "Too many failed log-ins. Wait a quarter of an hour and try again.":
        "För många misslyckade inloggningar. Vänta en kvart och försök igen.",
    "You cannot take away your own admin rights.": "Du kan inte ta bort din egen administratörsrätt.",
    "You cannot remove yourself.": "Du kan inte ta bort dig själv.",
    "The form had expired or did not come from this portal; please try again.":
        "Formuläret hade gått ut eller kom inte från portalen; försök igen.",
    "An extension is 2 to 6 digits.": "En anknytning är 2 till 6 siffror.",
    # Values shown from the domain
    "active": "aktiv", "frozen": "fryst", "terminated": "uppsagd", "admin": "admin",
    "bound": "bunden", "unbound": "obunden", "free": "Gratis", "fixed": "Fast", "mobile": "Mobil",
    "business": "Business", "enterprise": "Enterprise", "unlimited": "Obegränsat",
    "softphone": "mjukvarutelefon", "desk": "bordstelefon", "dect": "DECT", "mobile_twin": "mobiltvilling",
    "ivr": "knappval", "queue": "kö", "shared_voicemail": "gemensam röstbrevlåda",
    "fax_mailbox": "faxbrevlåda", "connection": "anslutning", "local": "lokalt", "foreign": "utländskt",
    "none": "ingen", "voicemail": "röstbrevlåda", "user": "kollega", "external": "externt nummer",
    "nobody": "ingen", "parked": "parkerat", "direct": "direkt", "forward": "vidarekoppling",
    "Work": "Arbete", "Lunch": "Lunch", "Meeting": "Möte", "Off": "Ledig",
    # Audit actions and objects
    "create": "skapade", "update": "ändrade", "delete": "tog bort", "buy": "köpte",
    "assign": "tilldelade", "unassign": "tog bort tilldelning", "freeze": "frös",
    "unfreeze": "tinade upp", "terminate": "sade upp", "upgrade": "uppgraderade", "route": "styrde",
    "change-plan": "bytte abonnemang", "activate-profile": "bytte närvaro",
    "reset-password": "satte lösenord", "change-password": "bytte lösenord",
    "users": "användare", "licence": "licens", "device": "enhet", "phone_number": "nummer",
    "switchboard_service": "växeltjänst", "presence_profile": "närvaroprofil", "company": "företag",
    "account": "konto",
    # IVR editor
    "Destination": "Destination", "External number": "Externt nummer",
    "External number…": "Externt nummer…", "Hang up": "Lägg på", "Repeat the menu": "Upprepa menyn",
    "Call": "Samtal", "Menus": "Menyer", "Voicemail": "Röstbrevlåda", "Messages": "Meddelanden",
    "unavailable": "inte tillgänglig", "invalid extension": "ogiltig anknytning",
    "closed": "stängt", "invalid option": "ogiltigt val", "no input": "inget val",
    "service unavailable": "tjänsten är inte tillgänglig", "try later": "försök senare",
    "hangup": "lägg på", "repeat": "upprepa", "message": "meddelande", "menu": "meny",
    "service": "tjänst", "Menu": "Meny", "key": "knapp", "Key": "Knapp", "Goes to": "Går till",
    "The menu tree has problems": "Menyträdet har problem",
    "The menu tree is sound: every key leads somewhere.":
        "Menyträdet hänger ihop: varje knapp leder någonstans.",
    "entry menu": "startmeny", "Remove menu": "Ta bort meny", "Save key": "Spara knapp",
    "No keys yet: callers hear the greeting and then go to the default destination.":
        "Inga knappar än: den som ringer hör hälsningen och går sedan till standardmålet.",
    "Greeting, timeouts and default": "Hälsning, tidsgränser och standardmål",
    "Greeting text": "Hälsningstext", "Spoken when no greeting file is uploaded.":
        "Läses upp när ingen hälsningsfil är uppladdad.",
    "Wait for a key (seconds)": "Vänta på knapptryck (sekunder)",
    "Replays after a wrong key or silence": "Omspelningar efter fel knapp eller tystnad",
    "Direct dial of extensions (digits)": "Direktval av anknytning (siffror)",
    "0 turns direct dialling off": "0 stänger av direktval",
    "Then the call goes to": "Sedan går samtalet till", "Save menu": "Spara meny",
    "Greeting file (WAV)": "Hälsningsfil (WAV)", "Upload": "Ladda upp", "Current file": "Nuvarande fil",
    "New menu": "Ny meny", "e.g. Sales": "t.ex. Sälj", "Add menu": "Lägg till meny",
    "The first menu is the one callers hear first.": "Den första menyn är den som uppringare hör först.",
    "The greeting was uploaded.": "Hälsningen laddades upp.",
    "The greeting must be a WAV file.": "Hälsningen måste vara en WAV-fil.",
    "Choose a WAV file to upload.": "Välj en WAV-fil att ladda upp.",
    "Write the external number.": "Skriv det externa numret.",
    "Choose where the call should go.": "Välj vart samtalet ska gå.",
    "The entry menu cannot be removed.": "Startmenyn kan inte tas bort.",
    "A menu needs a name.": "En meny behöver ett namn.",
    "The service has no entry menu.": "Tjänsten har ingen startmeny.",
    "The default destination cannot repeat the menu.": "Standardmålet kan inte upprepa menyn.",
    "Direct dialling needs extensions of 2+ digits.": "Direktval kräver anknytningar med minst 2 siffror.",
    "set-option": "ändrade knapp", "remove-option": "tog bort knapp", "ivr_menu": "knappvalsmeny",
    # Overview, opening hours, call log, presence schedules
    "Overview": "Översikt", "Opening hours": "Öppettider", "Call log": "Samtalslogg",
    "The switchboard is open": "Växeln är öppen", "The switchboard is closed": "Växeln är stängd",
    "The switchboard is open.": "Växeln är öppen.", "The switchboard is closed.": "Växeln är stängd.",
    "Set by hand": "Satt för hand", "Special day": "Särskild dag",
    "By the opening hours": "Enligt öppettiderna",
    "No opening hours set: always open": "Inga öppettider satta: alltid öppet",
    "until": "till", "Until (optional)": "Till (valfritt)",
    "Close the switchboard": "Stäng växeln", "Open the switchboard": "Öppna växeln",
    "Follow the opening hours": "Följ öppettiderna",
    "The switchboard follows its opening hours again.": "Växeln följer sina öppettider igen.",
    "Opening hours and holidays": "Öppettider och helgdagar", "Latest calls": "Senaste samtalen",
    "The whole call log": "Hela samtalsloggen", "Every week": "Varje vecka", "Day": "Dag",
    "Opens": "Öppnar", "Closes": "Stänger", "Monday": "Måndag", "Tuesday": "Tisdag",
    "Wednesday": "Onsdag", "Thursday": "Torsdag", "Friday": "Fredag", "Saturday": "Lördag",
    "Sunday": "Söndag",
    "Empty means closed that day. A closing time before the opening time runs past midnight.":
        "Tomt betyder stängt den dagen. En stängningstid före öppningstiden löper över midnatt.",
    "00:00–00:00 is open round the clock.": "00:00–00:00 är öppet dygnet runt.",
    "Save opening hours": "Spara öppettider", "When closed, calls go to": "När det är stängt går samtal till",
    "Holidays and special days": "Helgdagar och särskilda dagar", "Date": "Datum", "Hours": "Tider",
    "closed all day": "stängt hela dagen", "No exceptions yet.": "Inga undantag än.",
    "Add exception": "Lägg till undantag", "Without times the day is closed.": "Utan tider är dagen stängd.",
    "Year": "År", "Pre-fill public holidays": "Fyll i helgdagar",
    "Closes %(country)s public holidays and eves that have no exception yet.":
        "Stänger helgdagar och helgaftnar i %(country)s som inte redan har ett undantag.",
    "The opening hours were saved.": "Öppettiderna sparades.",
    "%(count)s holidays were added.": "%(count)s helgdagar lades till.",
    "Give both an opening and a closing time, or neither.": "Ange både öppnings- och stängningstid, eller ingen.",
    "Choose the date.": "Välj datum.", "Write the time as HH:MM.": "Skriv tiden som TT:MM.",
    "Write the time as YYYY-MM-DD HH:MM.": "Skriv tiden som ÅÅÅÅ-MM-DD TT:MM.",
    "An override must last until a time in the future.": "En manuell ändring måste gälla till en tid i framtiden.",
    "A special day needs both an opening and a closing time.": "En särskild dag behöver både öppnings- och stängningstid.",
    "Direction": "Riktning", "User": "Användare", "Result": "Resultat", "Talk time": "Samtalstid",
    "No calls yet.": "Inga samtal än.", "calls-all": "Alla", "calls-incoming": "Inkommande",
    "calls-outgoing": "Utgående", "calls-missed": "Missade", "Newer": "Nyare", "Older": "Äldre",
    "Page %(n)s": "Sida %(n)s", "incoming": "inkommande", "outgoing": "utgående", "internal": "internt",
    "answered": "besvarat", "missed": "missat", "busy": "upptaget", "failed": "misslyckades",
    "My calls": "Mina samtal", "Presence schedule": "Närvaroschema", "Profile": "Profil",
    "Days": "Dagar", "From": "Från", "To": "Till", "Mon": "mån", "Tue": "tis", "Wed": "ons",
    "Thu": "tor", "Fri": "fre", "Sat": "lör", "Sun": "sön",
    "The profile switches by itself at these times. Choosing a profile by hand holds until the schedule next changes.":
        "Profilen byts av sig själv vid dessa tider. En profil som väljs för hand gäller tills schemat byter nästa gång.",
    "No scheduled windows: the profile changes only by hand.": "Inga schemalagda tider: profilen byts bara för hand.",
    "Add to schedule": "Lägg till i schemat", "Outside the scheduled times": "Utanför de schemalagda tiderna",
    "leave the profile as it is": "låt profilen vara", "Tick at least one weekday.": "Kryssa i minst en veckodag.",
    "Give both a start and an end time.": "Ange både start- och sluttid.",
    "No such profile for this user.": "Ingen sådan profil för användaren.",
    "set-hours": "ändrade öppettider", "add-exception": "lade till undantag",
    "remove-exception": "tog bort undantag", "prefill-holidays": "fyllde i helgdagar",
    "open": "öppnade", "close": "stängde", "follow-schedule": "följer öppettider",
    "set-fallback-profile": "satte standardprofil", "opening_schedule": "öppettider",
    "profile_schedule": "närvaroschema",
    # Billing, mobile data, price list, dialplan snippets
    "Billing": "Fakturering", "Mobile data": "Mobildata", "Price list": "Prislista",
    "Dialplan snippets": "Dialplan-snuttar", "Cost centres and invoice places": "Kostnadsställen och fakturaställen",
    "Who is charged where": "Vem debiteras var", "Next invoice": "Nästa faktura",
    "Cost centres": "Kostnadsställen", "Cost centre": "Kostnadsställe", "Code": "Kod",
    "Invoice place": "Fakturaställe", "Invoice places": "Fakturaställen", "Address": "Adress",
    "Reference": "Referens", "Add cost centre": "Lägg till kostnadsställe",
    "Add invoice place": "Lägg till fakturaställe", "No invoice places yet.": "Inga fakturaställen än.",
    "No cost centres yet: everything is charged to the company as a whole.":
        "Inga kostnadsställen än: allt debiteras företaget som helhet.",
    "the company": "företaget", "Save moves": "Spara flyttar", "%(count)s moved.": "%(count)s flyttades.",
    "A user's licence, recording and data are charged to the user's cost centre. A number without its own follows the user or service it routes to.":
        "En användares licens, inspelning och data debiteras användarens kostnadsställe. Ett nummer utan eget följer användaren eller tjänsten det går till.",
    "The cost centre was removed.": "Kostnadsstället togs bort.",
    "An invoice place needs a name.": "Ett fakturaställe behöver ett namn.",
    "A cost centre needs a name.": "Ett kostnadsställe behöver ett namn.",
    "The invoice for %(start)s – %(end)s, as things stand now.": "Fakturan för %(start)s – %(end)s, som det ser ut nu.",
    "Not on the price list, so not included": "Saknas i prislistan och är inte med",
    "The company as a whole": "Företaget som helhet", "Product": "Produkt", "For": "För",
    "Quantity": "Antal", "Per month": "Per månad", "Amount": "Belopp", "Total": "Summa",
    "Nothing to invoice.": "Inget att fakturera.",
    "Total for the period, excluding VAT": "Summa för perioden, exklusive moms",
    "per month, excluding VAT": "per månad, exklusive moms", "every plan": "alla abonnemang",
    "Price": "Pris", "Currency": "Valuta", "Set price": "Sätt pris",
    "An empty price removes it. A plan's own price wins over the price for every plan.":
        "Ett tomt pris tar bort det. Ett abonnemangs eget pris går före priset för alla abonnemang.",
    "Write the price in kronor, like 99 or 99,50.": "Skriv priset i kronor, t.ex. 99 eller 99,50.",
    "Choose a plan and a product from the lists.": "Välj abonnemang och produkt i listorna.",
    "A price cannot be negative.": "Ett pris kan inte vara negativt.",
    "Free licence": "Licens Gratis", "Fixed licence": "Licens Fast", "Mobile licence": "Licens Mobil",
    "Local number": "Lokalt nummer", "Foreign number": "Utländskt nummer",
    "IVR service": "Knappval", "Queue": "Kö",
    "Fax mailbox": "Faxbrevlåda", "Connection": "Anslutning", "Call recording": "Samtalsinspelning",
    "Data top-up": "Datapåfyllning", "Data package %(size)s": "Datapaket %(size)s",
    "Users buy top-ups in the app. The company pays for as many a month as the limit says; after that they pay with a private card.":
        "Användare köper påfyllning i appen. Företaget betalar så många per månad som gränsen säger; därefter betalar de med privat kort.",
    "Package": "Paket", "This month": "Denna månad", "Company-paid top-ups": "Påfyllningar som företaget betalar",
    "limit": "gräns", "Give package": "Ge paket", "no package": "inget paket", "End package": "Avsluta paket",
    "%(used)s of %(total)s MB used": "%(used)s av %(total)s MB använt",
    "Top-ups paid by the company this month: %(used)s of %(limit)s.":
        "Påfyllningar som företaget betalat denna månad: %(used)s av %(limit)s.",
    "Pay with my private card": "Betala med mitt privata kort", "Buy %(mb)s MB more": "Köp %(mb)s MB till",
    "You have no mobile data package.": "Du har inget mobildatapaket.",
    "%(mb)s MB were added.": "%(mb)s MB lades till.",
    "The user has no data package.": "Användaren har inget datapaket.",
    "The company's top-ups for this month are used up; pay with a private card.":
        "Företagets påfyllningar för månaden är slut; betala med privat kort.",
    "The top-up limit is 0 to 50 a month.": "Påfyllningsgränsen är 0 till 50 per månad.",
    "Extensions written by hand, put ahead of the generated dialplan. They take effect at the next call; no restart.":
        "Handskrivna extensions som läggs före den genererade dialplanen. De gäller från nästa samtal; ingen omstart.",
    "Context": "Kontext", "Position": "Position", "Version": "Version", "every company": "alla företag",
    "off": "av", "No snippets yet.": "Inga snuttar än.", "Test call": "Provsamtal", "Company": "Företag",
    "Show what would match": "Visa vad som skulle matcha",
    "Assumed to hold (cannot be known without a call)": "Antas gälla (kan inte avgöras utan samtal)",
    "No snippet matches %(number)s: the generated dialplan handles the call.":
        "Ingen snutt matchar %(number)s: den genererade dialplanen tar hand om samtalet.",
    "New snippet": "Ny snutt", "Every company (global)": "Alla företag (globalt)",
    "Lower runs first; company snippets before global ones.": "Lägre körs först; företagets snuttar före globala.",
    "Create snippet": "Skapa snutt", "The snippet was not saved": "Snutten sparades inte",
    "Allowed applications": "Tillåtna applikationer", "Switch off": "Stäng av", "Switch on": "Slå på",
    "Remove this snippet?": "Ta bort snutten?", "What changed": "Vad ändrades",
    "Save as a new version": "Spara som ny version", "History": "Historik", "Note": "Anteckning",
    "Roll back to this": "Återställ till denna", "Show": "Visa", "in force": "gäller",
    "Version %(n)s is in force.": "Version %(n)s gäller nu.", "A snippet needs a name.": "En snutt behöver ett namn.",
    "move-cost-centre": "flyttade kostnadsställe", "top-up": "fyllde på", "end": "avslutade",
    "enable": "slog på", "disable": "stängde av", "cost_centre": "kostnadsställe",
    "invoice_place": "fakturaställe", "data_subscription": "datapaket", "data_top_up": "datapåfyllning",
    "dialplan_snippet": "dialplan-snutt", "price_list_entry": "pris",
    # Statistics
    "Statistics": "Statistik", "period-today": "Idag", "period-7d": "Senaste veckan",
    "period-30d": "Senaste månaden", "Calls per day": "Samtal per dag", "Incoming": "Inkommande",
    "Outgoing": "Utgående", "Missed": "Missade", "Queues": "Köer", "Queue calls": "Kösamtal",
    "Offered": "Erbjudna", "Answered": "Besvarade", "Abandoned": "Avbrutna",
    "Service level": "Servicenivå", "Average wait (s)": "Snittväntetid (s)",
    "Average talk (s)": "Snittsamtalstid (s)", "No queues yet.": "Inga köer än.",
    "Agents": "Agenter", "Logged in": "Inloggad",
    # Voicemail in the browser
    "My voicemail": "Min röstbrevlåda", "Shared voicemail": "Gemensam röstbrevlåda",
    "Length": "Längd", "Listen": "Lyssna", "new": "ny", "Mark as heard": "Markera som hörd",
    "Mark as new": "Markera som ny",
    "Delete": "Radera", "No messages.": "Inga meddelanden.", "The message was deleted.": "Meddelandet raderades.",
    "No shared mailboxes yet: create a shared voicemail service.":
        "Inga gemensamma brevlådor än: skapa en tjänst för gemensam röstbrevlåda.",
    "No such message.": "Inget sådant meddelande.", "voicemail_message": "röstmeddelande",
    # Recorded calls in the browser
    "Recordings": "Inspelningar", "Recorded calls": "Inspelade samtal",
    "My recorded calls": "Mina inspelade samtal", "Download": "Ladda ner",
    "No recorded calls.": "Inga inspelade samtal.", "in progress": "pågår",
    "Calls of users with call recording switched on; each recording is kept 24 months.":
        "Samtal för användare med samtalsinspelning påslagen; varje inspelning sparas i 24 månader.",
    "No such recording.": "Ingen sådan inspelning.",
    "The recording's audio is missing.": "Inspelningens ljud saknas.",
    # A user's calendar (the user page)
    "Calendar": "Kalender", "Calendar address": "Kalenderadress",
    "Calendar address is required.": "Kalenderadressen krävs.",
    "Link calendar": "Koppla kalender", "Link another calendar": "Koppla en annan kalender",
    "Unlink calendar": "Koppla bort kalendern", "The calendar was linked.": "Kalendern kopplades.",
    "The calendar was unlinked.": "Kalendern kopplades bort.",
    "Linked to a calendar at %(host)s: busy events switch to %(profile)s.":
        "Kopplad till en kalender hos %(host)s: upptagna händelser byter till %(profile)s.",
    "The last read failed: %(error)s": "Senaste läsningen misslyckades: %(error)s",
    "Last read %(when)s.": "Senast läst %(when)s.",
    "The secret iCal address Google Calendar or Microsoft 365 publishes; internal addresses are refused.":
        "Den hemliga iCal-adressen som Google Kalender eller Microsoft 365 publicerar; interna adresser nekas.",
    "The calendar address must start with https://.": "Kalenderadressen måste börja med https://.",
    "Choose one of the user's profiles for meetings.": "Välj en av användarens profiler för möten.",
    "The address is not a valid URL.": "Adressen är inte en giltig URL.",
    "The address must be an http(s) URL with a host name.":
        "Adressen måste vara en http(s)-URL med ett värdnamn.",
    "Put credentials in a header, not in the address.":
        "Lägg inloggningsuppgifter i en header, inte i adressen.",
    "calendar_link": "kalenderkoppling", "link-calendar": "kopplade kalender",
    "unlink-calendar": "kopplade bort kalender",
    # Queue editor
    "Members": "Medlemmar", "Tier": "Nivå", "supervisor": "arbetsledare", "Supervisor": "Arbetsledare",
    "logged in": "inloggad", "logged out": "utloggad", "Add member": "Lägg till medlem",
    "No members yet: members cost nothing, add everyone who answers.":
        "Inga medlemmar än: medlemmar kostar inget, lägg till alla som svarar.",
    "Settings": "Inställningar", "Ring strategy": "Ringstrategi", "ring_all": "ring alla",
    "longest_idle": "längst ledig", "round_robin": "turordning", "fewest_calls": "färst samtal",
    "ordered": "i ordning", "Ring each agent (seconds)": "Ringtid per agent (sekunder)",
    "Wrap-up (seconds)": "Efterarbete (sekunder)", "Longest wait (seconds, 0 = none)": "Längsta väntetid (sekunder, 0 = ingen)",
    "Longest queue (0 = no limit)": "Största kö (0 = ingen gräns)", "Announce every (seconds)": "Meddela var (sekunder)",
    "Service level (seconds)": "Servicenivå (sekunder)", "Announce the position": "Meddela plats i kön",
    "Announce the expected wait": "Meddela väntetid", "Offer a call back": "Erbjud att bli uppringd",
    "When full or waited too long": "Vid full kö eller lång väntan", "When nobody is logged in": "När ingen är inloggad",
    "nowhere: keep waiting": "ingenstans: vänta kvar", "queue-login": "loggade in i kö",
    "queue-logout": "loggade ut ur kö", "queue_settings": "köinställningar", "queue_member": "kömedlem",
    # Security (issue 13): passwords, sessions, secrets shown once, numbers, caller id, uploads
    "Current password": "Nuvarande lösenord",
    "At least 10 characters, not easy to guess, not your e-mail address.":
        "Minst 10 tecken, inte lätt att gissa, inte din e-postadress.",
    "Your current password was not right.": "Ditt nuvarande lösenord stämde inte.",
    "A portal password needs at least 10 characters.": "Ett portallösenord måste ha minst 10 tecken.",
    "A portal password must not be digits only.": "Ett portallösenord får inte bara vara siffror.",
    "That portal password is too easy to guess.": "Det portallösenordet är för lätt att gissa.",
    "A portal password must not contain the e-mail address.":
        "Ett portallösenord får inte innehålla e-postadressen.",
    "Change your own password on My page.": "Byt ditt eget lösenord på Min sida.",
    "New API token (copy it now, it is not shown again):":
        "Ny API-nyckel (kopiera den nu, den visas inte igen):",
    "Webhook added. Its signing secret (copy it now, it is not shown again):":
        "Webhooken lades till. Dess signeringshemlighet (kopiera den nu, den visas inte igen):",
    "New numbers are assigned by your operator.": "Nya nummer tilldelas av er operatör.",
    "The company's number": "Företagets nummer", "The user's choice": "Användarens val",
    "Only the company's own numbers can be shown.": "Bara företagets egna nummer kan visas.",
    "A value was too long or out of range.": "Ett värde var för långt eller utanför tillåtna gränser.",
    "The greeting must be PCM WAV, 8–48 kHz, mono or stereo.":
        "Hälsningen måste vara PCM-WAV, 8–48 kHz, mono eller stereo.",
    "The greeting may be at most 1024 kB.": "Hälsningen får vara högst 1024 kB.",
    "The greeting may be at most 120 seconds long.": "Hälsningen får vara högst 120 sekunder lång.",
    "The company's greetings have used their space; remove some first.":
        "Företagets hälsningar har använt sitt utrymme; ta bort några först.",
    # The app (webadmin/employee, webadmin/templates/employee): softphone, colleagues, calls
    "App": "Appen", "Växel app": "Växel-appen", "Phone": "Telefon", "Dial": "Ring",
    "Extension or number": "Anknytning eller nummer", "Incoming call": "Inkommande samtal",
    "Answer": "Svara", "Decline": "Avvisa", "Mute": "Tyst", "Unmute": "Slå på ljudet",
    "Hold": "Parkera", "Resume": "Återuppta", "Transfer": "Koppla", "Transfer to": "Koppla till",
    "Starting…": "Startar…", "Connecting…": "Ansluter…", "Ready": "Redo", "Offline": "Frånkopplad",
    "Could not sign in to the phone system": "Kunde inte logga in i telefonisystemet",
    "Calling…": "Ringer upp…", "Ringing…": "Det ringer…", "In call": "I samtal",
    "On hold": "Parkerat", "Call ended": "Samtalet avslutat",
    "Another call is waiting": "Ett samtal väntar",
    "Show incoming calls when the app is in the background":
        "Visa inkommande samtal när appen ligger i bakgrunden",
    "Colleagues": "Kollegor", "Search by name or extension": "Sök på namn eller anknytning",
    "Available": "Ledig", "On a call": "I samtal", "In a meeting": "I möte",
    "All": "Alla", "Call back": "Ring upp", "New": "Ny", "Logged out": "Utloggad",
    "Presence and queues": "Närvaro och köer",
    "The softphone library is not installed (run scripts/bootstrap).":
        "Mjukvarutelefonens bibliotek är inte installerat (kör scripts/bootstrap).",
}

# Domain messages that carry values: (pattern over the English text, Swedish replacement).
SV_PATTERNS: list[tuple[re.Pattern, str]] = [(re.compile(p), r) for p, r in (
    (r"No colleague has extension (.+)\.", r"Ingen kollega har anknytning \1."),
    (r"'(.+)' is not a valid SIP domain\.", r"'\1' är inte en giltig SIP-domän."),
    (r"The SIP domain (.+) is already taken\.", r"SIP-domänen \1 är redan upptagen."),
    (r"'(.+)' is not a possible phone number\.", r"'\1' är inte ett möjligt telefonnummer."),
    (r"No caller can reach menu (.+)\.", r"Ingen som ringer kan nå menyn \1."),
    (r"Menu (.+) does not exist in this company\.", r"Meny \1 finns inte i företaget."),
    (r"Service (.+) does not exist in this company\.", r"Tjänst \1 finns inte i företaget."),
    (r"Extension (.+) does not exist in this company\.", r"Anknytning \1 finns inte i företaget."),
    (r"(.+) is not an international \(E\.164\) number\.", r"\1 är inte ett internationellt (E.164) nummer."),
    (r"Extension (.+) is already in use\.", r"Anknytning \1 används redan."),
    (r"'(.+)' is not a phone number\.", r"'\1' är inte ett telefonnummer."),
    (r"There is already a cost centre called (.+)\.", r"Det finns redan ett kostnadsställe som heter \1."),
    (r"Version (\d+) does not exist\.", r"Version \1 finns inte."),
    (r"The host (.+) does not resolve\.", r"Värden \1 går inte att slå upp."),
    (r"The host (.+) is an internal address; it may not be called\.",
     r"Värden \1 är en intern adress; den får inte anropas."),
    (r"(.+) is not one of the company's numbers\.", r"\1 är inte ett av företagets nummer."),
)]

# Issue 15 (portal-a): questions before destructive actions, refused forms, names for
# domain values, the audit log, forwarding to a colleague.
SV.update({
    "This cannot be undone.": "Det går inte att ångra.", "Cancel": "Avbryt",
    "Remove this user?": "Ta bort användaren?", "Remove user": "Ta bort användare",
    "Remove this phone? It can no longer register.":
        "Ta bort telefonen? Den kan inte längre registrera sig.",
    "Remove phone": "Ta bort telefon", "Unlink the calendar?": "Koppla bort kalendern?",
    "Unlink calendar": "Koppla bort kalender",
    "Delete this voicemail message?": "Radera röstmeddelandet?", "Delete message": "Radera meddelande",
    "End this data package?": "Avsluta datapaketet?", "End package": "Avsluta paket",
    "Remove this holiday or special day?": "Ta bort helgdagen eller specialdagen?",
    "Remove day": "Ta bort dag", "Remove this time from the schedule?": "Ta bort tiden från schemat?",
    "Remove this cost centre?": "Ta bort kostnadsstället?", "Remove cost centre": "Ta bort kostnadsställe",
    "Revoke this API token? Integrations using it stop working.":
        "Återkalla API-nyckeln? Integrationer som använder den slutar fungera.",
    "Revoke token": "Återkalla nyckel", "Remove this webhook?": "Ta bort webhooken?",
    "Remove webhook": "Ta bort webhook", "Terminate this licence?": "Säga upp licensen?",
    "Terminate licence": "Säg upp licens", "Remove this address from the allow-list?":
        "Ta bort adressen från listan över tillåtna?",
    "Remove this key from the menu?": "Ta bort knappvalet från menyn?", "Remove key": "Ta bort knappval",
    "Remove this number? Its calls reach nobody in the company from then on.":
        "Ta bort numret? Samtal till det når ingen i företaget därefter.",
    "Remove number": "Ta bort nummer", "Remove this member from the queue?": "Ta bort medlemmen från kön?",
    "Remove member": "Ta bort medlem", "Remove this service?": "Ta bort tjänsten?",
    "Remove service": "Ta bort tjänst",
    "The standard music": "Standardmusiken", "Music on hold": "Väntmusik",
    "Remove this menu and its keys?": "Ta bort menyn och dess knappval?", "Remove menu": "Ta bort meny",
    "Remove this snippet from the dialplan?": "Ta bort snutten från dialplanen?",
    "Remove snippet": "Ta bort snutt",
    # Names of domain values (webadmin/labels.py)
    "IVR menu": "Knappvalsmeny", "Queue": "Kö", "Shared voicemail": "Gemensam röstbrevlåda",
    "Fax mailbox": "Faxbrevlåda", "Connection (plain extension)": "Anslutning (enkel anknytning)",
    "Nowhere (the call ends)": "Ingenstans (samtalet avslutas)", "Voicemail": "Röstbrevlåda",
    "A colleague": "En kollega", "My mobile": "Min mobil", "An external number": "Ett externt nummer",
    "Softphone": "Mjukvarutelefon", "Desk phone": "Bordstelefon", "DECT phone": "DECT-telefon",
    "Mobile twin": "Mobiltvilling", "Free": "Gratis", "Fixed": "Fast", "Mobile": "Mobil",
    "Active": "Aktiv", "Frozen": "Fryst", "Terminated": "Uppsagd", "Bound": "Bunden",
    "Unbound": "Obunden", "Business": "Business", "Enterprise": "Enterprise",
    "Unlimited": "Obegränsat", "Employee": "Anställd", "Admin": "Admin", "Local": "Lokalt",
    "Foreign": "Utländskt", "Ring everyone": "Ring alla", "Longest idle first": "Längst ledig först",
    "Round robin": "Turordning", "Fewest calls first": "Färst samtal först",
    "In order (by tier)": "I ordning (efter nivå)", "Incoming": "Inkommande", "Outgoing": "Utgående",
    "Internal": "Internt", "Answered": "Besvarat", "Missed": "Missat", "Busy": "Upptaget",
    "Failed": "Misslyckades", "To voicemail": "Till röstbrevlåda", "All calls": "Alla samtal",
    "New": "Ny", "Heard": "Avlyssnad", "Waiting to be sent": "Väntar på att skickas",
    "Delivered": "Levererad", "Gave up": "Gav upp", "National": "Nationellt", "Nordic": "Norden",
    "International": "Internationellt", "Premium": "Betalnummer", "Blocked": "Spärrat",
    "User": "Användare", "Menu": "Meny", "Hangup": "Lägg på", "Repeat": "Upprepa",
    "Service": "Tjänst", "Message": "Meddelande", "External": "Externt nummer",
    "No licence": "Ingen licens", "Otherwise": "Annars", "Today": "Idag",
    "Last 7 days": "Senaste 7 dagarna", "Last 30 days": "Senaste 30 dagarna",
    "Switched off": "Avstängd",
    # Integrations and security
    "Integrations": "Integrationer", "API tokens": "API-nycklar", "Token": "Nyckel",
    "Scopes": "Behörigheter", "Last used": "Senast använd", "No API tokens yet.": "Inga API-nycklar än.",
    "Create token": "Skapa nyckel", "Webhooks": "Webhooks", "Add webhook": "Lägg till webhook",
    "Events": "Händelser", "State": "Läge", "Description": "Beskrivning",
    "No webhooks yet.": "Inga webhooks än.",
    "Deliveries are signed; see the verification recipe in the documentation.":
        "Leveranserna är signerade; se hur de verifieras i dokumentationen.",
    "Caller look-up": "Nummerupplysning", "Directory address (with {number})":
        "Katalogens adress (med {number})", "Authorization header": "Authorization-huvud",
    "Statistics stream": "Statistikström", "Push address (Power BI streaming dataset)":
        "Adress att skicka till (Power BI-strömmande datamängd)", "Every (seconds)": "Var (sekund)",
    "Add, change and remove contacts": "Lägga till, ändra och ta bort kontakter",
    "Click-to-call, transfer and hang up": "Klicka för att ringa, koppla och lägga på",
    "List and download call recordings": "Lista och ladda ner inspelade samtal",
    "List and download voicemail, personal mailboxes included":
        "Lista och ladda ner röstmeddelanden, även personliga brevlådor",
    "List live calls and follow call commands": "Lista pågående samtal och följa samtalskommandon",
    "List users and their presence": "Lista användare och deras närvaro",
    "Log users in and out of queues": "Logga in och ut användare i köer",
    "Look numbers up and read contacts": "Slå upp nummer och läsa kontakter",
    "Manage webhook subscriptions": "Hantera webhook-prenumerationer",
    "Mark voicemail heard and delete it, personal mailboxes included":
        "Markera röstmeddelanden som avlyssnade och radera dem, även personliga brevlådor",
    "Read queue statistics and the raw export": "Läsa köstatistik och rådataexporten",
    "Read the call log": "Läsa samtalsloggen", "Switch users' presence profiles":
        "Byta användares närvaroprofiler",
    "Security": "Säkerhet", "Banned SIP sources": "Spärrade SIP-avsändare", "Reason": "Anledning",
    "Until": "Till", "By": "Av", "Ban": "Spärra", "Add": "Lägg till", "Never banned": "Spärras aldrig",
    "Address or network": "Adress eller nät", "Alerts": "Larm", "No alerts.": "Inga larm.",
    "Nobody is banned.": "Ingen är spärrad.", "The allow-list is empty.": "Listan över tillåtna är tom.",
    "FreeSWITCH refuses every digest check from these addresses. A change reaches it within ten seconds.":
        "FreeSWITCH nekar varje inloggning från de här adresserna. En ändring når den inom tio sekunder.",
    "Toll policy": "Samtalsspärrar", "Users may call": "Användarna får ringa",
    "Always blocked prefixes": "Alltid spärrade prefix",
    "Concurrent outbound calls at most": "Högst samtidiga utgående samtal",
    "Outbound call set-ups per minute at most": "Högst uppringningar per minut",
    "This key already leads somewhere. Replace it?": "Knappen leder redan någonstans. Ersätta?",
    "Replace key": "Ersätt knappval", "in use": "används",
    "Pick a colleague by name, or write a number": "Välj en kollega med namn, eller skriv ett nummer",
    # The audit log
    "(long text)": "(lång text)", "Times are in %(zone)s.": "Tiderna är i %(zone)s.",
    "Greeting file": "Hälsningsfil", "Number dialled": "Slaget nummer", "Content": "Innehåll",
    # Error pages
    "You may not open this page.": "Du får inte öppna den här sidan.",
    "There is nothing at this address.": "Det finns inget på den här adressen.",
    "The upload was too large.": "Det som laddades upp var för stort.",
    "That cannot be done here.": "Det går inte att göra här.",
    "Please try again in a moment.": "Försök igen om en stund.",
})

# Issue 15 (items 5, 10, 11, 12): onboarding, the new-phone page, the live view, dead ends,
# the call log. One block, so that parallel work on the portal merges cleanly.
SV.update({
    # Invitations and "forgot password"
    "Forgot your password?": "Glömt lösenordet?",
    "Write the e-mail address you log in with. We send a link to choose a new password.":
        "Skriv e-postadressen du loggar in med. Vi skickar en länk där du väljer ett nytt lösenord.",
    "Send the link": "Skicka länken",
    "Back to log-in": "Tillbaka till inloggningen",
    "If the address has a login, a link to choose a new password is on its way. It works once, for an hour.":
        "Om adressen har en inloggning är en länk för att välja nytt lösenord på väg. Den fungerar en gång, i en timme.",
    "Too many requests. Wait a quarter of an hour and try again.":
        "För många förfrågningar. Vänta en kvart och försök igen.",
    "Choose your password": "Välj ditt lösenord",
    "The link does not work any more": "Länken fungerar inte längre",
    "This link has expired or was used already.": "Länken har gått ut eller är redan använd.",
    "Ask for a new link": "Be om en ny länk",
    "Welcome": "Välkommen",
    "Choose a new password": "Välj ett nytt lösenord",
    "You log in as %(email)s. Choose a password of at least 10 characters.":
        "Du loggar in som %(email)s. Välj ett lösenord på minst 10 tecken.",
    "The same again": "Samma igen",
    "Save password and log in": "Spara lösenordet och logga in",
    "The two passwords are not the same.": "De två lösenorden är inte likadana.",
    "You are invited to %(company)s's phone system": "Du är inbjuden till %(company)s telefonsystem",
    "%(inviter)s has invited you to the phone system of %(company)s.\n\n"
    "Choose your password here (the link works once, for %(days)s days):\n%(link)s\n":
        "%(inviter)s har bjudit in dig till %(company)s telefonsystem.\n\n"
        "Välj ditt lösenord här (länken fungerar en gång, i %(days)s dagar):\n%(link)s\n",
    "A new password for the phone system": "Nytt lösenord till telefonsystemet",
    "Someone, probably you, asked for a new password for the phone system.\n\n"
    "Choose a new password here (the link works once, for %(minutes)s minutes):\n"
    "%(link)s\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n":
        "Någon, troligen du, bad om ett nytt lösenord till telefonsystemet.\n\n"
        "Välj ett nytt lösenord här (länken fungerar en gång, i %(minutes)s minuter):\n"
        "%(link)s\n\nVar det inte du kan du strunta i det här mejlet: ditt lösenord är oförändrat.\n",
    "An invitation was sent to %(email)s.": "En inbjudan skickades till %(email)s.",
    "Invited as %(email)s; no password chosen yet.":
        "Inbjuden som %(email)s; har inte valt lösenord än.",
    "Send the invitation again": "Skicka inbjudan igen",
    "Invite by e-mail": "Bjud in via e-post",
    "The person gets a link to choose their own password; it works once, for 7 days.":
        "Personen får en länk där hen väljer sitt eget lösenord; den fungerar en gång, i 7 dagar.",
    "Forgotten passwords: the person can ask for a new one on the log-in page.":
        "Glömt lösenord: personen kan be om ett nytt på inloggningssidan.",
    "Only an admin may invite people.": "Bara en administratör får bjuda in.",
    # The new-phone page
    "SIP server": "SIP-server",
    "The password was shown when the device was added. Remove the device and add it again for a new one.":
        "Lösenordet visades när enheten lades till. Ta bort enheten och lägg till den igen för ett nytt.",
    "Scan with the softphone to fill these in.": "Skanna med mjukvarutelefonen så fylls uppgifterna i.",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"(.+) has a portal login already\.", r"\1 har redan en inloggning till portalen."),
)]
SV.update({
    # The live view
    "Live": "Live",
    "Updates itself every %(n)s seconds.": "Uppdateras av sig själv var %(n)s:e sekund.",
    "%(n)s waiting in %(queue)s and nobody is logged in.":
        "%(n)s väntar i %(queue)s och ingen är inloggad.",
    "Log agents in": "Logga in agenter",
    "Calls now": "Samtal just nu",
    "Caller": "Uppringare",
    "Dialled": "Slog",
    "State": "Läge",
    "Time": "Tid",
    "Ringing": "Ringer",
    "Talking": "Pratar",
    "Calling out": "Ringer ut",
    "Available": "Ledig",
    "On a call": "I samtal",
    "Wrap-up": "Efterarbete",
    "Away": "Borta",
    "Logged out": "Utloggad",
    "Nobody is on a call right now.": "Ingen pratar i telefon just nu.",
    "waiting": "väntar",
    "longest wait": "längsta väntan",
    "of %(n)s agents logged in": "av %(n)s agenter inloggade",
    "Waited": "Har väntat",
    "waits for a call back": "väntar på att bli uppringd",
    "ringing an agent": "ringer hos en agent",
    "No agent is logged in.": "Ingen agent är inloggad.",
    "No queues yet.": "Inga köer än.",
})
SV.update({
    # Dead ends: service settings, shared mailbox set-up, removals, navigation
    "Integrations": "Integrationer",
    "Toll policy": "Spärrar för dyra samtal",
    "Remove service": "Ta bort tjänsten",
    "Remove this service?": "Ta bort tjänsten?",
    "Switchboard services": "Växeltjänster",
    "Open the editor": "Öppna redigeraren",
    "Listen to messages": "Lyssna på meddelanden",
    "Colleagues dial it to reach the service directly; empty: none.":
        "Kollegor slår den för att nå tjänsten direkt; tomt: ingen.",
    "Faxes are e-mailed to": "Fax e-postas till",
    "E-mail addresses, one a line": "E-postadresser, en per rad",
    "Nobody gets the faxes yet: add at least one address.":
        "Ingen får faxen än: lägg till minst en adress.",
    "A connection is a plain extension for a conference phone, an analogue fax or a door phone: calls to its extension or numbers reach it with no switchboard functions.":
        "En anslutning är en vanlig anknytning för en konferenstelefon, en analog fax eller en porttelefon: samtal till dess anknytning eller nummer når den utan växelfunktioner.",
    "Shared mailbox": "Gemensam röstbrevlåda",
    "E-mail new messages to, one address a line": "E-posta nya meddelanden till, en adress per rad",
    "Nobody is told of new messages yet: add the team's addresses.":
        "Ingen får veta om nya meddelanden än: lägg till gruppens adresser.",
    "E-mail each new message with its recording": "E-posta varje nytt meddelande med inspelningen",
    "Callers may leave a message": "Den som ringer får lämna ett meddelande",
    "Callers may leave a number to be called back": "Den som ringer får lämna ett nummer att bli uppringd på",
    "Callers may press 0 for the operator": "Den som ringer får trycka 0 för växeln",
    "PIN for listening from another phone": "PIN-kod för att lyssna från en annan telefon",
    "A PIN is set.": "En PIN-kod är satt.",
    "No PIN yet: the mailbox can be heard here in the portal only.":
        "Ingen PIN-kod än: brevlådan kan bara höras här i portalen.",
    "Empty: unchanged.": "Tomt: oförändrad.",
    "Name and removal": "Namn och borttagning",
    "Set up": "Inställningar",
    "Remove %(name)s from the queue?": "Ta bort %(name)s från kön?",
    "Remove this number from the company?": "Ta bort numret från företaget?",
    "%(number)s was removed.": "%(number)s togs bort.",
    "A service needs a name.": "En tjänst behöver ett namn.",
    "Only an admin may change switchboard services.": "Bara en administratör får ändra växeltjänster.",
    "Only a fax mailbox has fax e-mail addresses.": "Bara en faxbrevlåda har e-postadresser för fax.",
    "Only an admin sets up a shared mailbox.": "Bara en administratör ställer in en gemensam röstbrevlåda.",
    "Only an admin may remove a queue member.": "Bara en administratör får ta bort en kömedlem.",
    "Only the operator removes numbers.": "Bara operatören tar bort nummer.",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"Numbers route to (.+): (.+)\. Route them elsewhere first\.",
     r"Nummer går till \1: \2. Koppla dem någon annanstans först."),
    (r"(.+) is not an e-mail address\.", r"\1 är inte en e-postadress."),
    (r"At most (\d+) e-mail addresses\.", r"Högst \1 e-postadresser."),
)]
SV.update({
    # Statistics, prices, the call log
    "The price list is empty, so every invoice is zero.": "Prislistan är tom, så varje faktura blir noll.",
    "Set the prices": "Sätt priserna",
    "Your operator sets the prices.": "Er operatör sätter priserna.",
    "No prices yet: every company's invoice is zero until you set them here.":
        "Inga priser än: varje företags faktura är noll tills du sätter dem här.",
})
SV.update({
    "Number or name": "Nummer eller namn",
    "Search": "Sök",
    "Clear": "Rensa",
    "Export CSV": "Exportera CSV",
    "Call back": "Ring upp",
    "Call %(number)s from your phone": "Ring %(number)s från din telefon",
    "Your phone rings now; answer it to call %(number)s.":
        "Din telefon ringer nu; svara så ringer vi upp %(number)s.",
    "You have no phone in this company to call from.":
        "Du har ingen telefon i det här företaget att ringa från.",
})
SV.update({
    # The website widget (issue 18)
    "Website widget": "Webbwidget",
    "On your site": "På er webbplats",
    "Paste this where the widget should appear on your pages:":
        "Klistra in det här där widgeten ska synas på era sidor:",
    "Add data-lang=\"sv\" or data-lang=\"en\" to choose the language; otherwise the visitor's "
    "browser decides.": "Lägg till data-lang=\"sv\" eller data-lang=\"en\" för att välja språk; "
    "annars avgör besökarens webbläsare.",
    "Make a new key": "Skapa en ny nyckel",
    "Revoke the key": "Återkalla nyckeln",
    "Make a key": "Skapa en nyckel",
    "The widget has no key: it shows nothing on any site.":
        "Widgeten har ingen nyckel: den visar ingenting på någon webbplats.",
    "Settings": "Inställningar",
    "Sites allowed to show it, one a line": "Webbplatser som får visa den, en per rad",
    "Scheme and host only, e.g. https://www.example.se. Other sites are refused.":
        "Bara schema och värd, t.ex. https://www.example.se. Andra webbplatser nekas.",
    "Queues shown with their waiting time": "Köer som visas med sin väntetid",
    "The company has no queues.": "Företaget har inga köer.",
    "Accent colour": "Accentfärg",
    "Text colour on the accent": "Textfärg på accenten",
    "Title in Swedish": "Rubrik på svenska",
    "Title in English": "Rubrik på engelska",
    "Introduction in Swedish": "Inledning på svenska",
    "Introduction in English": "Inledning på engelska",
    "Phone number shown": "Telefonnummer som visas",
    "E-mail shown": "E-post som visas",
    "Keep visitors' names and numbers (days)": "Spara besökares namn och nummer (dagar)",
    "Counted from when the callback was made or given up.":
        "Räknat från när återuppringningen gjordes eller gavs upp.",
    "The widget on your site stops working until you paste the new snippet.":
        "Widgeten på er webbplats slutar fungera tills ni klistrar in den nya koden.",
    "The widget on your site stops working.": "Widgeten på er webbplats slutar fungera.",
    "A new key was made.": "En ny nyckel skapades.",
    "The key was revoked.": "Nyckeln återkallades.",
    "A colour is written #rrggbb, e.g. #1d4ed8.": "En färg skrivs #rrggbb, t.ex. #1d4ed8.",
    "An origin is written like https://www.example.se (no path, no wildcard).":
        "En webbplats skrivs som https://www.example.se (ingen sökväg, inget jokertecken).",
    "The origin's port is not a number.": "Webbplatsens port är inte ett tal.",
    "Choose among the company's queues.": "Välj bland företagets köer.",
    "Keep visitors' data between 1 and 3650 days.": "Spara besökares uppgifter mellan 1 och 3650 dagar.",
    "At most 20 origins.": "Högst 20 webbplatser.",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"At most (\d+) characters\.", r"Högst \1 tecken."),
)]
# Conference rooms (the app's room panel and its answers).
SV.update({
    "My conference room": "Mitt konferensrum", "PIN": "PIN-kod", "New PIN": "Ny PIN-kod",
    "Lock the room": "Lås rummet", "Unlock the room": "Lås upp rummet", "Record": "Spela in",
    "Stop recording": "Sluta spela in", "Locked": "Låst", "Recording": "Spelar in",
    "Muted": "Tystad", "Nobody is in the room.": "Ingen är i rummet.", "Invite": "Bjud in",
    "E-mail addresses": "E-postadresser", "Mobile numbers (SMS)": "Mobilnummer (sms)",
    "Starts": "Börjar", "Minutes": "Minuter", "Send invitations": "Skicka inbjudningar",
    "Invitations sent.": "Inbjudningarna är skickade.", "Sent.": "Skickat.",
    "Remove this participant from the room?": "Ta bort deltagaren från rummet?",
    "Make a new PIN? The old one stops working.":
        "Skapa en ny PIN-kod? Den gamla slutar fungera.",
    "Unknown room command.": "Okänt kommando för rummet.",
    "Choose when the meeting starts.": "Välj när mötet börjar.",
    "No such conference room in this company.": "Det finns inget sådant konferensrum i företaget.",
    "Only the room's owner or an admin may do this.":
        "Bara rummets ägare eller en administratör får göra det här.",
    "That participant is no longer in the room.": "Deltagaren är inte längre kvar i rummet.",
    "Give at least one e-mail address or mobile number.":
        "Ange minst en e-postadress eller ett mobilnummer.",
    "Text messages are not set up on this system.": "Sms är inte konfigurerat i systemet.",
    "A meeting lasts 5 minutes to 24 hours.": "Ett möte varar från 5 minuter till 24 timmar.",
    "The start needs a time zone.": "Starttiden behöver en tidszon.",
    "A text message goes to a number in international form.":
        "Ett sms skickas till ett nummer i internationell form.",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"Not an e-mail address: (.+)", r"Inte en e-postadress: \1"),
    (r"Not a phone number: (.+)", r"Inte ett telefonnummer: \1"),
    (r"At most (\d+) guests at a time\.", r"Högst \1 gäster åt gången."),
)]
SV.update({
    # The operator console and the wallboard (issue 17)
    "Operator console": "Växelpanel",
    "Updates itself the moment a call or a queue changes.":
        "Uppdateras i samma stund som ett samtal eller en kö ändras.",
    "Wallboard links": "Väggtavlelänkar",
    "Transfer to (extension or number)": "Koppla till (anknytning eller nummer)",
    "Take at my phone": "Ta i min telefon",
    "The call is being hung up.": "Samtalet läggs på.",
    "The call is being transferred to %(to)s.": "Samtalet kopplas till %(to)s.",
    "Your phone rings for the caller now.": "Din telefon ringer nu för den som väntar.",
    "Hang up this call?": "Lägga på det här samtalet?",
    "Open a company's console to act on its calls.":
        "Öppna ett företags växelpanel för att hantera dess samtal.",
    "This caller is no longer waiting: someone's phone rings for them already, or they have "
    "left.": "Den som ringer väntar inte längre: någons telefon ringer redan för hen, eller "
             "hen har lagt på.",
    "This caller hung up and waits for a call back; the call back goes to the queue's agents.":
        "Den som ringer har lagt på och väntar på att bli uppringd; det går till köns agenter.",
    "You have no phone in this company to take the caller on.":
        "Du har ingen telefon i det här företaget att ta samtalet i.",
    "No such waiting caller in this company.": "Ingen sådan väntande uppringare i det här företaget.",
    "No such live call in this company.": "Inget sådant pågående samtal i det här företaget.",
    "The destination must be an extension or a phone number.":
        "Målet måste vara en anknytning eller ett telefonnummer.",
    "A wallboard shows queues' figures live on a big screen, without a log-in. Anyone with "
    "the link sees it: revoke a link you no longer use.":
        "En väggtavla visar köernas siffror direkt på en stor skärm, utan inloggning. Alla "
        "som har länken ser den: återkalla en länk ni inte längre använder.",
    "The wallboard's link (shown only now):": "Väggtavlans länk (visas bara nu):",
    "New wallboard": "Ny väggtavla",
    "e.g. Support room": "t.ex. Supportrummet",
    "Create link": "Skapa länk",
    "Links": "Länkar",
    "Revoke": "Återkalla",
    "Revoked": "Återkallad",
    "No wallboard links yet.": "Inga väggtavlelänkar än.",
    "Revoke this wallboard link? The screen showing it goes blank.":
        "Återkalla länken? Skärmen som visar den blir tom.",
    "The wallboard link is revoked.": "Väggtavlelänken är återkallad.",
    "No such wallboard link.": "Ingen sådan väggtavlelänk.",
    "Give the wallboard a name, e.g. the room it hangs in.":
        "Ge väggtavlan ett namn, t.ex. rummet den hänger i.",
    "The name is too long (at most 100 characters).": "Namnet är för långt (högst 100 tecken).",
    "Choose one or more of the company's queues.": "Välj en eller flera av företagets köer.",
    "This wallboard link has been revoked.": "Den här väggtavlelänken har återkallats.",
    "Waiting now": "Väntar nu",
    "Longest wait": "Längsta väntan",
    "Answered today": "Besvarade i dag",
    "Abandoned today": "Avbrutna i dag",
    "Service level today": "Servicenivå i dag",
    "Reconnecting…": "Ansluter igen…",
})
# Chat in the app (issue 18)
SV.update({
    "Chat": "Chatt", "Search my chats": "Sök i mina chattar", "Colleague": "Kollega",
    "Chat with": "Chatta med", "New group": "Ny grupp", "Who may join": "Vem får gå med",
    "Closed: members add people": "Stängd: medlemmar lägger till",
    "Open: anyone may join": "Öppen: alla får gå med",
    "Public room for the company": "Offentligt rum för företaget", "Create": "Skapa",
    "Back": "Tillbaka", "Attach a file": "Bifoga en fil", "Send": "Skicka",
    "Add a colleague": "Lägg till en kollega", "Leave the group": "Lämna gruppen",
    "Leave this group?": "Lämna den här gruppen?", "Join": "Gå med",
    "Nothing found.": "Inget hittades.", "Reconnecting…": "Återansluter…", "Room": "Rum",
    "Group": "Grupp", "Open group": "Öppen grupp", "Attachment": "Bilaga",
    "A direct chat stays between two; start a group instead.":
        "En direktchatt är mellan två; starta en grupp i stället.",
    "Chat is for a company's employees.": "Chatten är för företagets anställda.",
    "Choose a colleague other than yourself.": "Välj en annan kollega än dig själv.",
    "No such attachment.": "Bilagan finns inte.", "No such colleague.": "Kollegan finns inte.",
    "No such conversation.": "Konversationen finns inte.",
    "No such member.": "Medlemmen finns inte.",
    "Only pictures (PNG, JPEG, GIF, WebP), PDF and plain text can be attached.":
        "Bara bilder (PNG, JPEG, GIF, WebP), PDF och vanlig text kan bifogas.",
    "Only the company's admins make public rooms.":
        "Bara företagets administratörer skapar offentliga rum.",
    "Only the group's owner removes others.": "Bara gruppens ägare tar bort andra.",
    "The file is empty.": "Filen är tom.",
    "The message has no valid client id.": "Meddelandet saknar ett giltigt klient-id.",
    "Write a message or attach a file.": "Skriv ett meddelande eller bifoga en fil.",
    "Choose a valid user id.": "Välj en giltig kollega.",
    "Choose a valid up to.": "Välj ett giltigt meddelande.",
    "Remove this colleague from the group?": "Ta bort kollegan från gruppen?",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"A message holds at most (\d+) characters\.", r"Ett meddelande rymmer högst \1 tecken."),
    (r"Attachments are at most (\d+) KB\.", r"Bilagor är högst \1 kB."),
    (r"Give the group a name of 1 to (\d+) characters\.",
     r"Ge gruppen ett namn på 1 till \1 tecken."),
)]

# Meeting rooms' dial-in (issue 17).
SV.update({
    "Meeting rooms": "Mötesrum",
    "Dial-in (asks for the room)": "Inringning (frågar efter rummet)",
    "Meeting rooms are reached through their dial-in, which asks for the room.":
        "Mötesrum nås genom inringningen, som frågar efter rummet.",
})

# Visitor chat: the widget's chat screen in the portal, the agent's side in the app.
SV.update({
    "Visitors chat with": "Besökare chattar med",
    "Nobody: the widget offers no chat": "Ingen: widgeten erbjuder ingen chatt",
    "The agents logged in to %(queue)s": "Agenterna inloggade i %(queue)s",
    "A chat goes to the free agent idle longest; visitors wait in line with their place "
    "shown. Chats are taken during that queue's opening hours; outside them the widget says "
    "when chat opens.": "En chatt går till den lediga agent som väntat längst; besökare står "
                        "i kö och ser sin plats. Chattar tas emot under köns öppettider; "
                        "utanför dem visar widgeten när chatten öppnar.",
    "Keep visitors' names, numbers and chats (days)":
        "Spara besökares namn, nummer och chattar (dagar)",
    "Counted from when the callback was made or given up, or the chat ended.":
        "Räknat från när återuppringningen gjordes eller gavs upp, eller chatten avslutades.",
    "End the chat": "Avsluta chatten", "Website visitor": "Besökare på webbplatsen",
    "A website visitor was routed to you.": "En besökare på webbplatsen har kopplats till dig.",
    "The chat has ended.": "Chatten är avslutad.",
    "End the chat with this visitor?": "Avsluta chatten med besökaren?",
    "Files cannot be sent to a website visitor.":
        "Filer kan inte skickas till en besökare på webbplatsen.",
    "No such visitor chat.": "Besökarchatten finns inte.", "No such chat.": "Chatten finns inte.",
    "This company takes no chats right now.": "Företaget tar inte emot chattar just nu.",
    "Write a message.": "Skriv ett meddelande.",
})

# The operator console's call actions: park, attended transfer, listen in (issue 17).
SV.update({
    "Pick up at my phone": "Ta i min telefon",
    "Parked on %(slot)s": "Parkerat på %(slot)s",
    "Consulting %(to)s": "Rådfrågar %(to)s",
    "Put through": "Koppla fram",
    "Consultation: put through or take back on the held call":
        "Förfrågan: koppla fram eller ta tillbaka på det väntande samtalet",
    "Take the caller back": "Ta tillbaka samtalet",
    "Calling %(to)s…": "Ringer %(to)s…",
    "Ask first (extension or number)": "Fråga först (anknytning eller nummer)",
    "Consult": "Fråga först",
    "Park": "Parkera",
    "Supervise %(who)s": "Medlyssna %(who)s",
    "Listen": "Lyssna",
    "Whisper": "Viska",
    "Barge in": "Bryt in",
    "Parked": "Parkerade",
    "Slot %(slot)s": "Plats %(slot)s",
    "rings %(ext)s back": "ringer tillbaka till %(ext)s",
    "The call is being parked on slot %(slot)s.": "Samtalet parkeras på plats %(slot)s.",
    "Your phone rings: answer it to take the call parked on %(slot)s.":
        "Din telefon ringer: svara för att ta samtalet som är parkerat på %(slot)s.",
    "The caller is on hold; %(to)s is being called.":
        "Den som ringer väntar med musik; %(to)s rings upp.",
    "The caller is being put through.": "Samtalet kopplas fram.",
    "End the consultation and take the caller back?": "Avsluta förfrågan och ta tillbaka samtalet?",
    "End the consultation": "Avsluta förfrågan",
    "The consultation is ending; the caller is taken back.":
        "Förfrågan avslutas; samtalet tas tillbaka.",
    "Your phone rings: answer it to listen in.": "Din telefon ringer: svara för att medlyssna.",
    "Your phone rings: answer it to whisper to the agent.":
        "Din telefon ringer: svara för att viska till agenten.",
    "Your phone rings: answer it to join the call.":
        "Din telefon ringer: svara för att gå in i samtalet.",
    # vaxel.callcontrol.console's refusals
    "Every park slot is taken.": "Alla parkeringsplatser är upptagna.",
    "Only a user with a phone can pick up a parked call.":
        "Bara en användare med telefon kan ta ett parkerat samtal.",
    "No call is parked on that slot.": "Inget samtal är parkerat på den platsen.",
    "You have no phone in this company to ring.": "Du har ingen telefon i företaget att ringa.",
    "Only a user with a phone can listen in.": "Bara en användare med telefon kan medlyssna.",
    "Only a colleague's answered call can be supervised.":
        "Bara en kollegas besvarade samtal kan medlyssnas.",
    "Only a queue's supervisors and admins may listen in.":
        "Bara köns arbetsledare och administratörer får medlyssna.",
    "The mode must be listen, whisper or barge.": "Välj lyssna, viska eller bryt in.",
    "Only the call's own user or an admin may do this.":
        "Bara den som har samtalet eller en administratör får göra detta.",
    "The call and the consultation are on different switches; transfer blind instead.":
        "Samtalet och förfrågan går via olika växlar; koppla direkt i stället.",
})
SV_PATTERNS += [(re.compile(p), r) for p, r in (
    (r"Slot (\d+) is taken\.", r"Plats \1 är upptagen."),
    (r"Park slots are (\d+)–(\d+)\.", r"Parkeringsplatserna är \1–\2."),
)]

# The app's attended transfer (issue 16, webadmin/employee/transfer.py).
SV.update({
    "Consult first": "Förfråga först", "Consulting": "Förfrågar",
    "the caller is on hold": "den som ringer väntar",
    "Complete the transfer": "Koppla samtalet", "Back to the caller": "Tillbaka till den som ringer",
    "Connected": "Ansluten",
    "The consultation could not be placed.": "Förfrågan kunde inte kopplas upp.",
    "The switch does not know this call yet; try again in a moment.":
        "Växeln känner inte till samtalet än; försök igen om en stund.",
    "No such call command in this company.": "Ingen sådan samtalsbegäran i det här företaget.",
    "Only the call's own user or an admin may do this.":
        "Bara samtalets egen användare eller en administratör får göra det här.",
})
