"""The dashboards: the Voila apps, the list of them, and the server that runs them.

The apps are notebooks in this folder (package data, installed with the kit), with ``voila.json``
(kernel culling, preheated kernels, no tracebacks) and ``templates/`` (Voila's pages without
their CDN links). ``h4og serve`` runs :mod:`h4og_kit.dashboards.server` in this folder, wherever
the kit is installed; on Binder they open at ``voila/render/h4og_kit/dashboards/<app>.ipynb``.

- :mod:`~h4og_kit.dashboards.apps`: the apps in navigation order, and this folder;
- :mod:`~h4og_kit.dashboards.demo`: the demo flag (``H4OG_DEMO``) and the registry the apps open;
- :mod:`~h4og_kit.dashboards.server`: Voila with the root URL on the showcase.

The server and the apps' kernels run with this folder as working directory, so its modules can
be imported there by their bare names too: never give one the name of another top-level module
(``html``, ``http``, ``voila``...).
"""
