"""Customers lost *through* each complaint channel.

The risk engine counts a lost customer at the touchpoint where the problem
arose, so a complaint channel's own ``expected_lost`` holds only what its
own failures cost.  A client also asks what a channel lets slip: the
complainants it does not win back.  Those are the losses of the complaint
states ``(channel, touchpoint)`` of the absorbing chain, share-weighted over
the segments.
"""
from __future__ import annotations

from ..risk.analysis import Analysis


def lost_through_channels(analysis: Analysis) -> dict[str, float]:
    """Customers of the cohort lost after complaining at each channel (by channel id)."""
    cohort = analysis.summary["cohort"]
    through: dict[str, float] = {}
    for segment, weight in analysis.weights.items():
        result = analysis.chains.get(segment)
        if result is None or result.chain is None or result.lu is None:
            continue
        chain = result.chain
        if not chain.channel_of:
            continue
        visits = result.lu.solve_transposed(chain.entry)
        for state, channel in chain.channel_of.items():
            loss = chain.lost[state] + chain.lost_outcome[state]
            cid = chain.tps[channel].id
            through[cid] = through.get(cid, 0.0) + cohort * weight * max(visits[state], 0.0) * loss
    return through
