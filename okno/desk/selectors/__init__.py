"""Every read of the desk, through `Appeal.objects.visible_to(actor)`: lists and the
queue (`lists`), one appeal with its thread (`appeal`), what a claim may be filed on
(`claims`), clients for manual entry (`clients`), letters of the e-mail channel (`mail`)."""
