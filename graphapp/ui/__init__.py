"""The Streamlit views of the explorer: layout and widgets only, calling graphapp's plain functions."""
