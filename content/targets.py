"""The agreement targets content counts (see agreements.targets); each part keeps its section.

Imported by ``ContentConfig.ready``: ``agreements`` never imports content.
"""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): joint productions.
# ---------------------------------------------------------------------------------------------

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from agreements.models import Target
from agreements.targets import Window, register_counter

from .selectors import approved_on, first_approvals


@register_counter(Target.Metric.JOINT_PRODUCTIONS)
def count_joint_productions(windows: Collection[Window]) -> Mapping[Window, int]:
    """Joint productions under each window's agreement whose first approval falls in the window
    (days in the project's time zone, both ends included): one query for every window.

    The same facts as ``selectors.joint_productions``, the list the figure stands for.
    """
    by_agreement = defaultdict(list)
    for window in windows:
        by_agreement[window.agreement_id].append(window)
    counted = Counter()
    approvals = first_approvals().filter(agreement_id__in=by_agreement)
    for agreement_id, moment in approvals.values_list("agreement_id", "first_approved_at"):
        day = approved_on(moment)
        for window in by_agreement[agreement_id]:
            if window.start <= day <= window.end:
                counted[window] += 1
    return counted
