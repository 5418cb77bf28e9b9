"""Pull survey waves and official statistics straight from their servers into the raw folder.

- :mod:`~cluster_analysis.pull.kobo`: KoboToolbox (API v2), ``cluster-analysis pull kobo``.
- :mod:`~cluster_analysis.pull.odk`: ODK Central (REST API v1, OData), ``pull odk``.
- :mod:`~cluster_analysis.pull.geostat`: Geostat's PxWeb database, ``pull geostat``.
- :mod:`~cluster_analysis.pull.http`: timeouts, bounded retries, one-line errors.
- :mod:`~cluster_analysis.pull.raw` and :mod:`~cluster_analysis.pull.survey`: all-or-nothing
  writes, wave registration and the ``.pull.json`` sidecar with server, time and counts.
"""

from cluster_analysis.pull.http import Policy, PullError

__all__ = ["Policy", "PullError"]
