from textual.app import App


class InvestTrackApp(App[None]):
    def __init__(self, store, lang):
        super().__init__()
