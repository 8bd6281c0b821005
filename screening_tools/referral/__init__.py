"""The referral packet: the only way anything leaves the vault.

``builder`` checks the legal basis at the moment of export and filters every part to the
categories it covers; ``pdf``, ``json_part``, ``fhir`` render the parts from one
``PacketContent``; ``manifest`` hashes and signs them; ``verify`` checks a packet file.
"""
