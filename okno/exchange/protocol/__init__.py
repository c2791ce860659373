"""1C's «обмен с сайтом» as 1C calls it: who may exchange (`checkauth`, the session
cookie), what the portal answers (`init`), how received files are stored (`file`, parts
appended, archives unpacked) and how each mode is carried out. `okno.exchange.views` turns
an HTTP request into one of these calls and the result into the plain-text answer."""
