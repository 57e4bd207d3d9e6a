"""Multimodal dispatch: plan jobs over the route planner, quick quotes, disruptions, and the one
bill of lading (一单制) with its legs. Services take a Session and an Actor and never commit.
"""
